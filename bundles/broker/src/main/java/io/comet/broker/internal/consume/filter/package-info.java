/** Subscription expressions: TAG subscriptions by tag hash code and the SQL92 property filter (lexer, parser, evaluator). Not API: private to the bundle. */
package io.comet.broker.internal.consume.filter;
