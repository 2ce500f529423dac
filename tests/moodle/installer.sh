#!/usr/bin/env bash
# A real Moodle 4.5 for tests/test_moodle_reel.py, on 127.0.0.1 only, from ../shared/moodle/.
#
#   tests/moodle/installer.sh          install (or reuse) and start: Moodle at http://127.0.0.1:8080
#   tests/moodle/installer.sh --neuf   drop the previous install first
#   tests/moodle/installer.sh --arret  stop Apache (PostgreSQL is left running)
#
# Needs root and Debian's apache2, libapache2-mod-php, php-{cli,pgsql,intl,xml,mbstring,curl,zip,gd,
# soap,opcache,readline}, postgresql 15. Nothing outside $REPERES_MOODLE (default
# /var/tmp/reperes-moodle) is written but a PostgreSQL role and database: Apache runs with its own
# configuration file and PHP's settings are given on its command line. Moodle's code is never
# copied into the repository.
set -euo pipefail
ICI="$(cd "$(dirname "$0")" && pwd)"
DEPOT="$(cd "$ICI/../.." && pwd)"
# The clone's sibling shared/ (CI); from a git worktree, the main clone's sibling.
ARCHIVE="${REPERES_MOODLE_ARCHIVE:-$DEPOT/../shared/moodle/moodle-4.5.5.tar.xz}"
if [ ! -f "$ARCHIVE" ] && COMMUN="$(git -C "$DEPOT" rev-parse --path-format=absolute --git-common-dir 2>/dev/null)"; then
  [ -f "$(dirname "$COMMUN")/../shared/moodle/moodle-4.5.5.tar.xz" ] && ARCHIVE="$(dirname "$COMMUN")/../shared/moodle/moodle-4.5.5.tar.xz"
fi
SHA256=65e0805e2bb977b0de4dd26954b95559766cdcf6eb11e75f188f808083b16f53
DIR="${REPERES_MOODLE:-/var/tmp/reperes-moodle}"
PORT="${REPERES_MOODLE_PORT:-8080}"
URL="http://127.0.0.1:$PORT"
BASE=reperes_moodle
ROLE=reperes
MDP=reperes-essai
ADMIN_MDP='Admin-essai-1'
PHPOPTS=(-d max_input_vars=5000 -d memory_limit=512M -d post_max_size=64M -d upload_max_filesize=64M
         -d max_execution_time=300)

apache() { APACHE_RUN_DIR="$DIR/run" APACHE_LOCK_DIR="$DIR/run" APACHE_LOG_DIR="$DIR" /usr/sbin/apache2 -f "$DIR/apache.conf" "$@"; }
www() { runuser -u www-data -- php "${PHPOPTS[@]}" "$@"; }
psql_() { runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 "$@"; }

if [ "${1:-}" = "--arret" ]; then
  [ -f "$DIR/apache.conf" ] && apache -k stop 2>/dev/null || true
  exit 0
fi
[ "$(id -u)" = 0 ] || { echo "installer.sh : à lancer en root (runuser, PostgreSQL, Apache)" >&2; exit 2; }
[ -f "$ARCHIVE" ] || { echo "installer.sh : archive absente : $ARCHIVE" >&2; exit 3; }

if [ "${1:-}" = "--neuf" ]; then
  [ -f "$DIR/apache.conf" ] && apache -k stop 2>/dev/null || true
  rm -rf "$DIR"
  pg_ctlcluster 15 main start 2>/dev/null || true
  psql_ -c "DROP DATABASE IF EXISTS $BASE" >/dev/null
fi
mkdir -p "$DIR/run" "$DIR/donnees"
chmod 755 "$DIR"

# 1. The code, unpacked once (checked against the README's digest).
if [ ! -f "$DIR/moodle/version.php" ]; then
  echo "$SHA256  $ARCHIVE" | sha256sum -c --quiet -
  rm -rf "$DIR/moodle.tmp" && mkdir -p "$DIR/moodle.tmp"
  tar -xJf "$ARCHIVE" -C "$DIR/moodle.tmp" --no-same-owner
  mv "$DIR/moodle.tmp" "$DIR/moodle"
fi
chown -R www-data:www-data "$DIR/donnees"
chmod -R a+rX "$DIR/moodle"

# 2. PostgreSQL 15: a role and a UTF8 database.
pg_ctlcluster 15 main start 2>/dev/null || true
for _ in $(seq 30); do pg_isready -q -h localhost && break; sleep 1; done
psql_ -tc "SELECT 1 FROM pg_roles WHERE rolname='$ROLE'" | grep -q 1 || psql_ -c "CREATE ROLE $ROLE LOGIN PASSWORD '$MDP'"
# A database without config.php is a failed install: start it again.
[ -f "$DIR/moodle/config.php" ] || psql_ -c "DROP DATABASE IF EXISTS $BASE" >/dev/null
psql_ -tc "SELECT 1 FROM pg_database WHERE datname='$BASE'" | grep -q 1 || {
  psql_ -c "CREATE DATABASE $BASE OWNER $ROLE ENCODING 'UTF8' TEMPLATE template0"; rm -f "$DIR/moodle/config.php"; }

# 3. Apache on 127.0.0.1 only, its own configuration, PHP with Moodle's settings.
M=/usr/lib/apache2/modules
cat > "$DIR/apache.conf" <<CONF
ServerRoot /etc/apache2
ServerName 127.0.0.1
Listen 127.0.0.1:$PORT
PidFile $DIR/run/apache.pid
User www-data
Group www-data
ErrorLog $DIR/apache-erreurs.log
LogLevel warn
LoadModule mpm_prefork_module $M/mod_mpm_prefork.so
LoadModule authz_core_module $M/mod_authz_core.so
LoadModule dir_module $M/mod_dir.so
LoadModule mime_module $M/mod_mime.so
LoadModule php_module $M/libphp8.2.so
StartServers 2
MinSpareServers 2
MaxSpareServers 6
MaxRequestWorkers 20
TypesConfig /etc/mime.types
DocumentRoot $DIR/moodle
DirectoryIndex index.php index.html
AcceptPathInfo On
<Directory />
  Require all denied
</Directory>
<Directory $DIR/moodle>
  Require all granted
  AllowOverride None
</Directory>
<FilesMatch "\.php$">
  SetHandler application/x-httpd-php
</FilesMatch>
php_admin_value max_input_vars 5000
php_admin_value memory_limit 512M
php_admin_value post_max_size 64M
php_admin_value upload_max_filesize 64M
php_admin_value max_execution_time 300
php_admin_value error_log $DIR/php-erreurs.log
CONF
if [ -f "$DIR/run/apache.pid" ] && kill -0 "$(cat "$DIR/run/apache.pid")" 2>/dev/null; then
  apache -k graceful
else
  rm -f "$DIR/run/apache.pid"
  apache -k start
fi

# 4. Moodle, installed by its CLI (about 2 minutes), then the settings the tests rely on.
if [ ! -f "$DIR/moodle/config.php" ]; then
  chown www-data "$DIR/moodle"  # install.php writes config.php there
  www "$DIR/moodle/admin/cli/install.php" --non-interactive --agree-license --lang=en \
    --wwwroot="$URL" --dataroot="$DIR/donnees" --dbtype=pgsql --dbhost=localhost --dbname=$BASE \
    --dbuser=$ROLE --dbpass=$MDP --prefix=mdl_ --fullname="Moodle d'essai Repères" --shortname=essai \
    --adminuser=admin --adminpass="$ADMIN_MDP" --adminemail=admin@example.invalid \
    --supportemail=admin@example.invalid >"$DIR/installation.log" 2>&1 \
    || { tail -30 "$DIR/installation.log" >&2; rm -f "$DIR/moodle/config.php"; chown root "$DIR/moodle"; exit 4; }
  chown root:root "$DIR/moodle" "$DIR/moodle/config.php" && chmod 644 "$DIR/moodle/config.php"
  for r in debug=32767 debugdisplay=0 passwordpolicy=0 enablecompletion=1 cachejs=1 \
           forcelogin=0 allowframembedding=0 enableasyncbackup=0 lang=en noemailever=1; do
    www "$DIR/moodle/admin/cli/cfg.php" --name="${r%%=*}" --set="${r#*=}" >/dev/null
  done
fi
for _ in $(seq 30); do curl -fsS -o /dev/null "$URL/login/index.php" && break; sleep 1; done
curl -fsS -o /dev/null "$URL/login/index.php"
echo "$URL"
