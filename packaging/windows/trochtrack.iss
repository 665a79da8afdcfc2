; Inno Setup 6 script for the Windows installer. NOT built or tested by this project's CI
; (which runs on Debian); a Windows release build does, on Windows with the venv set up:
;   python packaging\build.py                  (icons, then dist\trochtrack\ with PyInstaller)
;   iscc /DAppVersion=0.1.0 packaging\windows\trochtrack.iss
; and then, before publishing, runs the installed app's check from a terminal:
;   "%ProgramFiles%\trochtrack\trochtrack-cli.exe" --version
;   "%ProgramFiles%\trochtrack\trochtrack.exe" --smoke %TEMP%\trochtrack-smoke
; The user's records live in %LOCALAPPDATA%\trochtrack (platformdirs), which this
; installer never writes, so uninstalling leaves them.

#ifndef AppVersion
  #error Give the version: iscc /DAppVersion=X.Y.Z (the one in trochtrack\__init__.py)
#endif

[Setup]
AppId={{BA283CF0-9D70-478D-A9BF-8491292AEF7B}
AppName=trochtrack
AppVersion={#AppVersion}
AppPublisher=trochtrack developers
DefaultDirName={autopf}\trochtrack
DefaultGroupName=trochtrack
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename=trochtrack-{#AppVersion}-setup
SetupIconFile=..\..\build\icons\trochtrack.ico
UninstallDisplayIcon={app}\trochtrack.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\..\dist\trochtrack\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\trochtrack"; Filename: "{app}\trochtrack.exe"
Name: "{autodesktop}\trochtrack"; Filename: "{app}\trochtrack.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\trochtrack.exe"; Description: "{cm:LaunchProgram,trochtrack}"; Flags: nowait postinstall skipifsilent
