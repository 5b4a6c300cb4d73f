import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The one description of the DynamoDB table the DynamoStore needs. `paysetup init-store` creates it from this, the
 * tests create theirs from it, and serverless.yml declares the same table for AWS (a test compares the two), so a
 * change here is a change everywhere.
 *
 * Layout (one item per key):
 *
 * | attribute     | type | meaning                                                                                   |
 * | ------------- | ---- | ----------------------------------------------------------------------------------------- |
 * | `pk`          | S    | partition key: the store's partition (the URL's `partition`, default `paysetup`)          |
 * | `sk`          | S    | sort key: the key itself, so `list(prefix)` is a Query with `begins_with(sk, :prefix)`     |
 * | `value`       | S    | the value                                                                                 |
 * | `version`     | N    | the compare-and-set version, 1 after the first write                                      |
 * | `expiresAt`   | N    | epoch SECONDS, the table's TTL attribute (rounded up; DynamoDB deletes expired items late)  |
 * | `expiresAtMs` | N    | epoch ms, the precise expiry every read and conditional write compares against             |
 * | `dueAt`       | N    | epoch ms, only while the value is due (sparse index `due`)                                |
 * | `dueShard`    | S    | the store's partition, only while due: the partition key of the index `due`               |
 *
 * The index `due` (`dueShard` HASH, `dueAt` RANGE) holds only the items that are due. It projects the table's keys
 * and, beyond KEYS_ONLY, `expiresAtMs` (projection INCLUDE), so `due()` leaves out expired items in the same Query
 * without reading each item again.
 */

/** The table's partition key attribute. */
export const PARTITION_KEY = 'pk';
/** The table's sort key attribute: the store's key. */
export const SORT_KEY = 'sk';
/** The TTL attribute (epoch seconds) DynamoDB's Time to Live deletes expired items by. */
export const DYNAMO_TTL_ATTRIBUTE = 'expiresAt';
/** The precise expiry (epoch ms) reads compare against: TTL deletion can lag by days. */
export const EXPIRES_AT_MS_ATTRIBUTE = 'expiresAtMs';
/** The sparse global secondary index of due items. */
export const DUE_INDEX = 'due';
/** The index's partition key: the store's partition value, set only while the item is due. */
export const DUE_SHARD_ATTRIBUTE = 'dueShard';
/** The index's sort key: when the item falls due (epoch ms). */
export const DUE_AT_ATTRIBUTE = 'dueAt';
/** The value's attribute. */
export const VALUE_ATTRIBUTE = 'value';
/** The version's attribute. */
export const VERSION_ATTRIBUTE = 'version';
/** The partition used when the URL names none. */
export const DEFAULT_PARTITION = 'paysetup';

/** CreateTable input without the table name (also the shape of CloudFormation's AWS::DynamoDB::Table properties). */
export type DynamoTableSchema = Required<
  Pick<
    CreateTableCommandInput,
    'AttributeDefinitions' | 'KeySchema' | 'GlobalSecondaryIndexes' | 'BillingMode'
  >
>;

/** The table: key `pk`/`sk`, the sparse index `due`, on-demand capacity (no capacity to plan or pay for idle). */
export const DYNAMO_TABLE_SCHEMA: DynamoTableSchema = {
  AttributeDefinitions: [
    { AttributeName: PARTITION_KEY, AttributeType: 'S' },
    { AttributeName: SORT_KEY, AttributeType: 'S' },
    { AttributeName: DUE_SHARD_ATTRIBUTE, AttributeType: 'S' },
    { AttributeName: DUE_AT_ATTRIBUTE, AttributeType: 'N' },
  ],
  KeySchema: [
    { AttributeName: PARTITION_KEY, KeyType: 'HASH' },
    { AttributeName: SORT_KEY, KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: DUE_INDEX,
      KeySchema: [
        { AttributeName: DUE_SHARD_ATTRIBUTE, KeyType: 'HASH' },
        { AttributeName: DUE_AT_ATTRIBUTE, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [EXPIRES_AT_MS_ATTRIBUTE] },
    },
  ],
  BillingMode: 'PAY_PER_REQUEST',
};

/** The CreateTable input for a table of this name. */
export function createTableInput(tableName: string): CreateTableCommandInput {
  return { TableName: tableName, ...structuredClone(DYNAMO_TABLE_SCHEMA) };
}

/**
 * The table as CloudFormation declares it (`Resources.<name>.Properties` of an AWS::DynamoDB::Table), TTL included:
 * what serverless.yml must say, for the test that compares them.
 */
export function cloudFormationTableProperties(tableName: string): Record<string, unknown> {
  return {
    TableName: tableName,
    ...structuredClone(DYNAMO_TABLE_SCHEMA),
    TimeToLiveSpecification: { AttributeName: DYNAMO_TTL_ATTRIBUTE, Enabled: true },
  };
}
