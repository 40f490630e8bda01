/** The admin tool's entry point ({@link io.comet.tools.MqAdmin}). */
package io.comet.tools;
