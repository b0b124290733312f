/** Which collector replica leads: evaluates divergence, follows feeds and sends notifications (an advisory lock). */
package io.proxywatch.collector.leader;
