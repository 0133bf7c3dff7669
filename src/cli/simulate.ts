/** Entry point of `npm run -s simulate` (src/cli/main.ts does the work). */
import { main } from './main';

// Piped into `head`, stdout closes early: that is the reader's choice, not an error (exit 0, quietly).
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

process.exitCode = main(process.argv.slice(2));
