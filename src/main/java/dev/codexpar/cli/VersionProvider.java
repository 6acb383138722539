package dev.codexpar.cli;

import picocli.CommandLine.IVersionProvider;

class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = VersionProvider.class.getPackage().getImplementationVersion();
    return new String[] {"codex-par " + (version == null ? "dev" : version)};
  }
}
