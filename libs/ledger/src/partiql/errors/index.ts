// PartiQL's typed errors.
export * from './partiql-syntax.error';
export * from './partiql-semantic.error';
export * from './partiql-type.error';
export * from './partiql-evaluation.error';
export * from './partiql-limit.error';
