// @ts-check
/**
 * The one set of bundle options: serverless-esbuild reads it for the Lambda functions (serverless.yml,
 * custom.esbuild.config) and scripts/build.ts for dist/server.js, dist/cli.js and the same Lambda bundles.
 *
 * better-sqlite3 (the embedded store's native driver) stays outside every bundle: the server and the CLI load it from
 * node_modules when STORE_URL is sqlite:, and a Lambda function never does (its store is DynamoDB). Listed under
 * `exclude`, serverless-esbuild neither bundles nor installs it.
 */

/** @type {import('esbuild').BuildOptions} */
const shared = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  minify: false,
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
};

/** Never bundled: the native SQLite driver. */
const external = ['better-sqlite3'];

/**
 * Not in the Lambda bundles either: the Redis driver (1.4 MB of the bundle). The functions use the DynamoDB store
 * (serverless.yml sets STORE_URL); RedisStore is loaded only for a redis: URL, which would fail there.
 */
const lambdaExternal = [...external, 'redis', '@redis/*'];

/** For serverless-esbuild (called with the serverless instance): the target follows the runtime it sets itself. */
module.exports = () => ({
  ...shared,
  target: 'node22',
  // Parsed at every cold start: smaller is faster. Stack traces still name the sources (source maps, keepNames).
  minify: true,
  exclude: lambdaExternal,
});
module.exports.shared = shared;
module.exports.external = external;
