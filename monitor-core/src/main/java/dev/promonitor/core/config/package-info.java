/** The config model: what a config file says, loaded and validated by {@link dev.promonitor.core.config.ConfigLoader}. */
@NullMarked
package dev.promonitor.core.config;

import org.jspecify.annotations.NullMarked;
