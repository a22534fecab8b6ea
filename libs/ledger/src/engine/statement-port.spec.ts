// The statement port: empty until a statement language fills it, and then the ledger's statements
// run through what was installed.
describe('statement port', () => {
  it('refuses statements with STATEMENT_LANGUAGE_MISSING while no language is installed', () => {
    jest.isolateModules(() => {
      const { statementRunner } = jest.requireActual<typeof import('./statement-port')>('./statement-port');
      expect(() => statementRunner()).toThrow(expect.objectContaining({ code: 'STATEMENT_LANGUAGE_MISSING' }));
    });
  });

  it('hands out the runner PartiQL installs when loaded', () => {
    jest.isolateModules(() => {
      const { statementRunner } = jest.requireActual<typeof import('./statement-port')>('./statement-port');
      jest.requireActual('../partiql');
      const { executeStatement } = jest.requireActual<typeof import('../partiql/statement-executor')>('../partiql/statement-executor');
      expect(statementRunner().execute).toBe(executeStatement);
    });
  });
});
