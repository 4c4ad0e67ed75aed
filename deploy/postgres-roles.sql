-- Two databases and two roles, so that the application cannot alter its own audit trail.
-- Run as the PostgreSQL superuser:  psql -v app_password="'...'" -v owner_password="'...'" -f deploy/postgres-roles.sql
-- reintegra_owner owns the main database's tables and runs migrations (upgrades only).
-- reintegra_app is what gunicorn and the worker use: it reads and writes rows but owns
-- no table of the main database, so it cannot drop the audit table's triggers (which
-- refuse UPDATE, DELETE and TRUNCATE on audit rows, whoever sends them).
CREATE ROLE reintegra_owner LOGIN PASSWORD :owner_password;
CREATE ROLE reintegra_app LOGIN PASSWORD :app_password;

CREATE DATABASE reintegra OWNER reintegra_owner;
-- The keystore holds wrapped data keys only. The app owns it: erasure VACUUMs the key
-- table after deleting a key (vault.operations.compact_keystore), and before PostgreSQL
-- 17 (GRANT MAINTAIN) only a table's owner may VACUUM it.
CREATE DATABASE reintegra_keystore OWNER reintegra_app;

\connect reintegra
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO reintegra_app;
GRANT CREATE, USAGE ON SCHEMA public TO reintegra_owner;
-- Every table and sequence the owner's migrations create, now and later:
ALTER DEFAULT PRIVILEGES FOR ROLE reintegra_owner IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO reintegra_app;
ALTER DEFAULT PRIVILEGES FOR ROLE reintegra_owner IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO reintegra_app;
