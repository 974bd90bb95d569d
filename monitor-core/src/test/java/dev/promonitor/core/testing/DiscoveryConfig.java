package dev.promonitor.core.testing;

/**
 * The config of the discovery test exporters.
 *
 * @param label any text
 */
public record DiscoveryConfig(String label) {}
