/** TimescaleDB: the schema's migrations, the single sample writer (exactly once), hourly rollups, and reads that return records. */
package io.proxywatch.collector.storage;
