// The objects of the session's current schema on PostgreSQL, each as `type name` (`table
// ledger_projection`, as SQLite's sqlite_master names them) with its definition as the server
// prints it: a table's columns, an index's, trigger's or function's DDL. A schema migrated, even
// in part, differs from one that was not.
export const SCHEMA_OBJECTS_SQL = `
  WITH here AS (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
  SELECT object, definition FROM (
    SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' ELSE 'relation' END || ' ' || c.relname AS object,
           CASE WHEN c.relkind = 'i' THEN pg_get_indexdef(c.oid) ELSE (
             SELECT string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END, ', ' ORDER BY a.attnum)
               FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) END AS definition
      FROM pg_class c WHERE c.relnamespace = (SELECT oid FROM here)
    UNION ALL
    SELECT 'trigger ' || t.tgname, pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
     WHERE c.relnamespace = (SELECT oid FROM here) AND NOT t.tgisinternal
    UNION ALL
    SELECT 'function ' || p.proname, pg_get_functiondef(p.oid) FROM pg_proc p WHERE p.pronamespace = (SELECT oid FROM here)
  ) objects ORDER BY object, definition`;
