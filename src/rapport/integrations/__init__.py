"""Moving data in and out: imports, exports, webhooks, mail. Sits above every CRM app."""
