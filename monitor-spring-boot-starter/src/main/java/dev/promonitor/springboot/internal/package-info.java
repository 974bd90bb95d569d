/** The starter's implementation: not API. */
@NullMarked
package dev.promonitor.springboot.internal;

import org.jspecify.annotations.NullMarked;
