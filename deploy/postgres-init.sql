-- Runs once, when the compose.yaml PostgreSQL volume is created (docker-entrypoint-initdb.d).
-- The postgis/postgis image loads PostGIS into POSTGRES_DB's `public` schema; the app wants it in
-- `extensions` as on Supabase (supabase/local/bootstrap.sql), so its database starts empty and
-- the app's own bootstrap installs PostGIS and pg_trgm there on first start.
create database mapa;
