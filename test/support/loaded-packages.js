// Preloaded (node -r) to record what a process loaded: at exit it writes to $LOADED_PACKAGES_FILE
// one line per package of node_modules that it required (`typeorm`, `@nestjs/core`…), sorted, then
// `nestjs-ledger` when any file of the library itself was loaded.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const packages = new Set();
  for (const file of Object.keys(require.cache)) {
    const inPackage = /node_modules[\\/]((@[^\\/]+[\\/])?[^\\/]+)/.exec(file);
    if (inPackage) packages.add(inPackage[1].replace('\\', '/'));
    else if (/libs[\\/]ledger[\\/]/.test(file)) packages.add('nestjs-ledger');
  }
  writeFileSync(process.env.LOADED_PACKAGES_FILE, [...packages].sort().join('\n'));
});
