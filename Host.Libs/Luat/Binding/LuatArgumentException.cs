namespace LuatHost.Luat.Binding;

/// <summary>
/// A host function's complaint about its arguments or its work. The adapter turns it into a Lua
/// error raised at the caller, so a script sees `bad argument #2 to 'crypto.md5' (...)` with its own line.
/// </summary>
public sealed class LuatArgumentException(string message) : Exception(message);
