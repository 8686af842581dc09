using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;

namespace MlGuard.Build.Tasks.Paths
{
    /// <summary>
    /// The identity part of a hash-cache stamp (manifest-design.md 9.3, layer 2): on Linux the device, inode and
    /// change time from statx(2); elsewhere the creation time, the closest the framework exposes. A file deleted
    /// and recreated with the same size and modification time gets a new inode and change time, so its cached
    /// hash is not reused (moby/moby#51518). Also tells pipes and devices, which MlGuard never opens, from files.
    /// </summary>
    internal static class FileIdentity
    {
        public static string Of(string path, FileInfo info)
        {
#if NET
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                try
                {
                    var buffer = new byte[256];
                    const int AtSymlinkNofollow = 0x100, StatxBasicStats = 0x7FF;
                    if (Statx(-100, path, AtSymlinkNofollow, StatxBasicStats, buffer) == 0)
                    {
                        ulong inode = BitConverter.ToUInt64(buffer, 32);
                        long ctimeSeconds = BitConverter.ToInt64(buffer, 96);
                        uint ctimeNanos = BitConverter.ToUInt32(buffer, 104);
                        uint devMajor = BitConverter.ToUInt32(buffer, 136), devMinor = BitConverter.ToUInt32(buffer, 140);
                        return string.Create(CultureInfo.InvariantCulture, $"dev{devMajor}:{devMinor}/ino{inode}/ctime{ctimeSeconds}.{ctimeNanos:000000000}");
                    }
                }
                catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException || e is MarshalDirectiveException)
                {
                    // Old C library without statx: fall back to the creation time.
                }
            }
#endif
            return "created" + info.CreationTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture);
        }

        /// <summary>
        /// Whether the path (links followed) is a named pipe, character or block device, or socket: files whose read
        /// can block or never end. Known on Linux (statx); elsewhere false.
        /// </summary>
        public static bool IsPipeOrDevice(string path)
        {
#if NET
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                try
                {
                    var buffer = new byte[256];
                    const int StatxType = 0x1, FileTypeMask = 0xF000, RegularFile = 0x8000, Directory = 0x4000;
                    if (Statx(-100, path, 0, StatxType, buffer) == 0)
                    {
                        int type = BitConverter.ToUInt16(buffer, 28) & FileTypeMask;
                        return type != RegularFile && type != Directory && type != 0;
                    }
                }
                catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException || e is MarshalDirectiveException)
                {
                    // Old C library without statx: not known.
                }
            }
#endif
            return false;
        }

#if NET
        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mask, byte[] buffer);
#endif
    }
}
