/** Who may speak: agent and API tokens (hashed, enrolled by command, REST or file), and the server's reloadable TLS. */
package io.proxywatch.collector.auth;
