// Compiles transforms.mo with npm motoko 4.10.0 to a classic-persistence (wasm32) module, or with `eop` to the
// compiler's default, enhanced orthogonal persistence (memory64 + table64).
// Usage: NODE_PATH=<dir with node_modules> node build.js <out.wasm> [eop]
// wasm-transforms.md §7: the wrapper's setExtraFlags(['--legacy-persistence']) is rejected, so gcFlags('classicOP')
// is called on the raw compiler object of motoko/versions/latest/moc.min before compiling.
const fs = require('fs');
const path = require('path');
const { Motoko } = require('motoko/versions/latest/moc.min');
const wrap = require('motoko/lib').default;
const mo = wrap(Motoko);
mo.loadPackage(require('motoko/packages/latest/core.json'));
if (process.argv[3] !== 'eop') {
  Motoko.gcFlags('classicOP');
}
mo.write('transforms.mo', fs.readFileSync(path.join(__dirname, 'transforms.mo'), 'utf8'));
const out = mo.wasm('transforms.mo', 'ic');
fs.writeFileSync(process.argv[2], Buffer.from(out.wasm));
console.log('moc ' + mo.version + ': ' + out.wasm.length + ' bytes -> ' + process.argv[2]);
