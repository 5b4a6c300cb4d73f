// dynalite (DynamoDB's API on LevelDB, in memory) in a process of its own for bench:store, so its CPU does not count
// against the process being measured (as bench:slack's fake Web API). Creates the store's table with init-store's own
// function (dynamo-schema.ts, through startDynalite), prints one JSON line { endpoint, region, table }, then serves
// until stdin closes.
import { startDynalite } from '../test/store/dynalite';

async function main(): Promise<void> {
  const dynalite = await startDynalite({ table: 'paysetup-bench' });
  process.stdout.write(
    `${JSON.stringify({ endpoint: dynalite.endpoint, region: dynalite.region, table: dynalite.table })}\n`,
  );
  process.stdin.resume();
  process.stdin.on('end', () => {
    void dynalite.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`dynalite did not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
