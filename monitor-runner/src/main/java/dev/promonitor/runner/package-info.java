/** The standalone runner's command line. */
@NullMarked
package dev.promonitor.runner;

import org.jspecify.annotations.NullMarked;
