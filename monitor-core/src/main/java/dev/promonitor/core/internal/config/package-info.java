/**
 * Implementation of config loading: YAML/JSON parsing with positions, binding with Jackson,
 * Bean Validation and the mapping of the Python framework's logging section; not API.
 */
@NullMarked
package dev.promonitor.core.internal.config;

import org.jspecify.annotations.NullMarked;
