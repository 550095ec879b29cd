// Source entry point (`node --import tsx src/cli/bin.ts …`), used by tests and by trials launched from a
// source checkout; installed users run bin/trellis.js, which loads the compiled dist/.
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
