namespace MlGuard.Build.Tasks.Checks
{
    /// <summary>The task parameters that influence the checks of every manifest.</summary>
    internal sealed class CheckSettings
    {
        public CheckSettings(string projectDirectory, bool allowDataOutsideProject)
        {
            ProjectDirectory = projectDirectory;
            AllowDataOutsideProject = allowDataOutsideProject;
        }

        /// <summary>Physical path (symbolic links resolved) of the folder of the project file.</summary>
        public string ProjectDirectory { get; }

        public bool AllowDataOutsideProject { get; }
    }
}
