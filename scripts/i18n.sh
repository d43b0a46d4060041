#!/usr/bin/env bash
# Refresh and compile the Simplified Chinese catalogue (src/rapport/locale/zh_Hans).
#
#   scripts/i18n.sh            extract new strings (makemessages) and compile (compilemessages)
#   scripts/i18n.sh --compile  only compile the .po files into .mo
#
# Needs GNU gettext (xgettext, msgmerge, msgfmt) only here: the compiled .mo files are
# committed, so running Rapport does not. Translate the new or fuzzy entries in
# src/rapport/locale/zh_Hans/LC_MESSAGES/django.po, then run this again; tests/test_i18n.py
# fails while any entry is untranslated, fuzzy or has different placeholders.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-$PWD/.venv/bin}
export RAPPORT_TESTING=1 RAPPORT_INSECURE=1 DJANGO_SETTINGS_MODULE=rapport.settings
export RAPPORT_DATA_DIR=${RAPPORT_DATA_DIR:-$PWD/data}
LOCALE=zh_Hans

for tool in xgettext msgmerge msgfmt; do
  command -v "$tool" >/dev/null || { echo "GNU gettext is needed ($tool): apt-get install gettext" >&2; exit 1; }
done

# Work from the package folder: its locale/ is settings.LOCALE_PATHS[0], and nothing
# outside src/rapport (the .venv, tests, bench, data) is scanned.
cd src/rapport
IGNORE=(--ignore 'static/vendor/*' --ignore 'locale/*' --ignore '__pycache__/*'
        --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'tests/*')
OPTIONS=(-l "$LOCALE" --no-obsolete --no-wrap --add-location=file "${IGNORE[@]}")

if [ "${1:-}" != "--compile" ]; then
  echo "== makemessages: django (Python and templates)"
  "$BIN/django-admin" makemessages -d django -e html,txt,py "${OPTIONS[@]}"
  # JavaScript strings only when a static script of ours calls gettext()/ngettext().
  if grep -lE '\b(n|p|np)?gettext\(|interpolate\(' static/rapport/*.js >/dev/null 2>&1; then
    echo "== makemessages: djangojs (static/rapport/*.js)"
    "$BIN/django-admin" makemessages -d djangojs "${OPTIONS[@]}" --ignore 'static/vendor/*'
  else
    echo "== makemessages: djangojs skipped (no gettext() in static/rapport/*.js)"
  fi
fi

echo "== compilemessages"
"$BIN/django-admin" compilemessages -l "$LOCALE" "${IGNORE[@]}"

PO=locale/$LOCALE/LC_MESSAGES/django.po
# Report what still needs a translator (msgattrib ships with gettext).
untranslated=$(msgattrib --untranslated --no-obsolete "$PO" 2>/dev/null | grep -c '^msgid ' || true)
fuzzy=$(msgattrib --only-fuzzy --no-obsolete "$PO" 2>/dev/null | grep -c '^msgid ' || true)
# msgattrib prints the header entry too (msgid ""), so subtract it when there is output.
[ "$untranslated" -gt 0 ] && untranslated=$((untranslated - 1))
[ "$fuzzy" -gt 0 ] && fuzzy=$((fuzzy - 1))
total=$(grep -c '^msgid ' "$PO")
echo "== $PO: $((total - 1)) entries, $untranslated untranslated, $fuzzy fuzzy"
