namespace LuatHost.Cli.Simulation;

/// <summary>
/// A project's own cloud files (<c>cloud-registry.json</c>, <c>cloud-script.json</c>) are broken: an input mistake the
/// user fixes in the file, reported in one line with the file's name (exit code 2, like a missing main.lua).
/// </summary>
public sealed class ProjectConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
