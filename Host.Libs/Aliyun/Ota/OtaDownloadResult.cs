namespace LuatHost.Aliyun.Ota;

/// <summary>
/// How a download ended. <see cref="Step"/> is what the device reports on <c>/ota/device/progress</c>: 100 verified,
/// −2 download failed, −3 verify (MD5) failed (docs/aliyun-iot.md §4.4); <see cref="DevicePath"/> is the file's path on the
/// device (set only when verified); <see cref="Reason"/> says why it failed.
/// </summary>
public sealed record OtaDownloadResult(bool Succeeded, int Step, string? DevicePath, string? Reason, long BytesFetched);
