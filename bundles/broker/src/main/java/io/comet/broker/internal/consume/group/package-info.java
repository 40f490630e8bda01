/** Subscription groups (subscriptionGroup.json) and their admin requests. Not API: private to the bundle. */
package io.comet.broker.internal.consume.group;
