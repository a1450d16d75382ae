#!/usr/bin/env bash
# One database and one user per service; no service can connect to another's database.
# Run once by the postgres image on an empty data directory (docker-entrypoint-initdb.d). Passwords come from the
# environment (docker-compose.yml), never from this file.
set -euo pipefail

create() {
  local user="$1" database="$2" password="$3"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v user="$user" -v database="$database" -v password="$password" <<'SQL'
CREATE ROLE :"user" LOGIN PASSWORD :'password';
CREATE DATABASE :"database" OWNER :"user";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
SQL
}

create metadata metadata "${METADATA_DB_PASSWORD:?}"
create storage storage "${STORAGE_DB_PASSWORD:?}"
create links links "${LINKS_DB_PASSWORD:?}"
