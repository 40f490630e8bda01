/** shell: Gogo commands in scope mq. */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("0.1.0")
package io.comet.shell;
