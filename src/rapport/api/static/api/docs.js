/* Start Swagger UI on the API docs page (settings come from a JSON block; CSP: no inline JS). */
(function () {
  "use strict";
  var UNSAFE = ["POST", "PUT", "PATCH", "DELETE"];

  function start() {
    var config = JSON.parse(document.getElementById("swagger-settings").textContent);
    var csrf = document.body.dataset.csrfToken;
    config.dom_id = "#swagger-ui";
    config.presets = [window.SwaggerUIBundle.presets.apis, window.SwaggerUIBundle.SwaggerUIStandalonePreset];
    // "Try it out" in a logged-in browser uses the session, which needs the CSRF token for
    // writes; it goes only to this site, never to another origin.
    config.requestInterceptor = function (req) {
      var sameOrigin = new URL(req.url, window.location.href).origin === window.location.origin;
      if (csrf && sameOrigin && UNSAFE.indexOf((req.method || "GET").toUpperCase()) !== -1) {
        req.headers["X-CSRFToken"] = csrf;
      }
      return req;
    };
    window.SwaggerUIBundle(config);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
