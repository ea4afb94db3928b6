using System.Security.Cryptography;

namespace LuatHost.Sim.Cloud.Ota;

/// <summary>A firmware package the local cloud serves: the file on disk, its size and its MD5 (lowercase hex, as Aliyun sends it).</summary>
public sealed record OtaPackage(string Id, string FilePath, string FileName, long Size, string Md5)
{
    /// <summary>The object path inside the bucket, as it appears in the URL (<c>/iotx-ota/&lt;id&gt;/&lt;name&gt;</c>).</summary>
    public string ObjectPath => $"/{OtaPackageEndpoint.Bucket}/{Id}/{Uri.EscapeDataString(FileName)}";

    /// <summary>Reads the file once (streamed, never whole in memory) for its size and MD5.</summary>
    public static OtaPackage FromFile(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new ArgumentException($"package file '{path}' does not exist");
        }
        using var stream = File.OpenRead(full);
        if (stream.Length == 0)
        {
            throw new ArgumentException($"package file '{path}' is empty; an upgrade needs at least one byte");
        }
        var md5 = Convert.ToHexStringLower(MD5.HashData(stream));
        return new OtaPackage(Guid.NewGuid().ToString("N")[..12], full, Path.GetFileName(full), stream.Length, md5);
    }
}
