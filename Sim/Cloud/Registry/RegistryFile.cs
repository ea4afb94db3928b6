using LuatHost.Aliyun.Signing;

namespace LuatHost.Sim.Cloud.Registry;

/// <summary>
/// Writes the registry so a crash never leaves a half-written file with secrets in it: owner-only,
/// temp file + fsync + rename (<see cref="SecretFile"/>).
/// </summary>
public static class RegistryFile
{
    public static void WriteAtomically(string path, string content) => SecretFile.WriteAtomically(path, content);
}
