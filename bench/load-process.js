// The load generator of the CPU benchmarks, in its own process so that its
// CPU is never counted as the application's: receives autocannon options over
// IPC, answers with the result. Plain JavaScript: it runs without the
// TypeScript loader.
import autocannon from 'autocannon';

process.on('message', (options) => {
  autocannon(options).then(
    (result) => process.send?.({ result }),
    (error) => process.send?.({ error: String(error) }),
  );
});
