-- Run as a superuser (or a role with CREATEROLE and CREATEDB), connected to any database.
-- The owner creates the ledger's schema and runs its migrations; the application writes through
-- the ledger; the auditor only reads.
CREATE ROLE ledger_owner LOGIN;
CREATE ROLE ledger_app LOGIN;
CREATE ROLE ledger_auditor LOGIN;
-- A database of the ledger's own, which no other role may connect to: its advisory locks and
-- NOTIFY channels are then out of other roles' reach.
CREATE DATABASE ledgerdb OWNER ledger_owner;
REVOKE ALL ON DATABASE ledgerdb FROM PUBLIC;
GRANT CONNECT ON DATABASE ledgerdb TO ledger_app, ledger_auditor;
-- The auditor's sessions are read-only unless it asks otherwise (its privileges refuse writes anyway).
ALTER ROLE ledger_auditor SET default_transaction_read_only = on;
