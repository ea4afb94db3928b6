using System.Text;
using LuatHost.Aliyun.Ota;

namespace LuatHost.Aliyun.Tests;

public sealed class OtaUpgradeNoticeTests
{
    private const string Valid = """
        {"code":"1000","data":{"size":432945,"version":"2.0.0","isDiff":1,"url":"https://iotx-ota.oss-cn-shanghai.aliyuncs.com/fw.bin?Expires=1&Signature=s",
         "md5":"93230c3bde425a9d7984a594ac55ea1e","sign":"93230c3bde425a9d7984a594ac55ea1e","signMethod":"MD5","module":"MCU"},"id":1626969597470,"message":"success"}
        """;

    [Fact]
    public void The_documented_push_is_decoded_with_url_size_md5_and_version()
    {
        Assert.True(OtaUpgradeNotice.TryParse(Encoding.UTF8.GetBytes(Valid), out var notice, out var error), error);
        Assert.Equal("2.0.0", notice!.Version);
        Assert.Equal(432945, notice.Size);
        Assert.Equal("93230C3BDE425A9D7984A594AC55EA1E", notice.Md5);
        Assert.Equal("MCU", notice.Module);
        Assert.Equal("https://iotx-ota.oss-cn-shanghai.aliyuncs.com/fw.bin", notice.UrlWithoutQuery);
    }

    [Fact]
    public void The_announcement_names_version_size_md5_and_the_url_without_its_signature()
    {
        Assert.True(OtaUpgradeNotice.TryParse(Encoding.UTF8.GetBytes(Valid), out var notice, out var error), error);

        Assert.StartsWith("upgrade to 2.0.0 announced (432945 bytes, md5 93230C3BDE425A9D7984A594AC55EA1E, https://iotx-ota.oss-cn-shanghai.aliyuncs.com/fw.bin)", notice!.AnnouncementText);
        Assert.DoesNotContain("Signature", notice.AnnouncementText, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_reported_version_is_project_version_and_the_luat_core() =>
        Assert.Equal($"DEMO_1.0.0_{Runtime.LuatCoreVersion.Text}", AliyunOta.DefaultVersion("DEMO", "1.0.0"));

    [Theory]
    [InlineData("""{"code":"1000","data":{"size":1,"url":"https://x/y","md5":"93230c3bde425a9d7984a594ac55ea1e"}}""", "version")]
    [InlineData("""{"code":"1000","data":{"size":1,"version":"1","url":"ftp://x/y","md5":"93230c3bde425a9d7984a594ac55ea1e"}}""", "url")]
    [InlineData("""{"code":"1000","data":{"size":0,"version":"1","url":"https://x/y","md5":"93230c3bde425a9d7984a594ac55ea1e"}}""", "size")]
    [InlineData("""{"code":"1000","data":{"size":5,"version":"1","url":"https://x/y","md5":"abc"}}""", "md5")]
    [InlineData("""not json""", "JSON")]
    public void A_push_missing_a_required_field_is_refused_with_the_field_named(string json, string named)
    {
        Assert.False(OtaUpgradeNotice.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.Contains(named, error, StringComparison.Ordinal);
    }
}
