; Installer of "Tổng hợp Báo cáo" (NSIS 3, UTF-8 with BOM). Compiled by installer/build.py as
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DVERSION4=0.1.0.0 -DSRCDIR=dist\tonghop
;            -DOUTFILE=dist\TongHop-0.1.0-setup.exe -DCOMPRESSOR=lzma -DICON=...\tonghop.ico installer\tonghop.nsi
; Default: for the current user, no admin rights, into %LOCALAPPDATA%\Programs\TongHop.
; All users (admin): Program Files\TongHop. Silent: setup.exe /S [/CurrentUser | /AllUsers] [/D=folder]
; An upgrade installs over the old version in the same folder; user settings and files are never touched
; (they live in the user's profile); the uninstaller removes only what the installer put there.

Unicode true
Target amd64-unicode
ManifestDPIAware true

!define APPNAME "Tổng hợp Báo cáo"
!define APPID "TongHop"
!define APP_KEY "Software\${APPID}\Installer"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APPID}"
!ifndef VERSION | VERSION4 | SRCDIR | OUTFILE | ICON
  !error "run through installer/build.py (needs -DVERSION -DVERSION4 -DSRCDIR -DOUTFILE -DICON)"
!endif
!define /ifndef COMPRESSOR lzma

Name "${APPNAME}"
OutFile "${OUTFILE}"
!if "${COMPRESSOR}" == "none"
  SetCompress off  ; tests only: proves the script compiles, fast
!else
  SetCompressor /SOLID ${COMPRESSOR}
!endif
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=0 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${APPNAME} ${VERSION} – Setup"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT License"

; Per-user by default even for an administrator; /AllUsers or the mode page for everyone.
!define MULTIUSER_EXECUTIONLEVEL Highest
!define MULTIUSER_MUI
!define MULTIUSER_INSTALLMODE_COMMANDLINE
!define MULTIUSER_INSTALLMODE_DEFAULT_CURRENTUSER
!define MULTIUSER_USE_PROGRAMFILES64
!define MULTIUSER_INSTALLMODE_INSTDIR "${APPID}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_KEY "${APP_KEY}"
!define MULTIUSER_INSTALLMODE_INSTDIR_REGISTRY_VALUENAME "InstallDir"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_KEY "${APP_KEY}"
!define MULTIUSER_INSTALLMODE_DEFAULT_REGISTRY_VALUENAME "InstallMode"
!include MultiUser.nsh
!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include x64.nsh

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_LANGDLL_REGISTRY_ROOT HKCU
!define MUI_LANGDLL_REGISTRY_KEY "${APP_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "Language"
!define MUI_LANGDLL_WINDOWTITLE "Ngôn ngữ / Language"
!define MUI_LANGDLL_INFO "Chọn ngôn ngữ cài đặt / Choose the installer language:"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MULTIUSER_PAGE_INSTALLMODE
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!define MUI_FINISHPAGE_RUN "$INSTDIR\tonghop.exe"
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString Running ${LANG_VIETNAMESE} "${APPNAME} đang chạy. Hãy đóng chương trình rồi bấm Retry (Thử lại)."
LangString Running ${LANG_ENGLISH} "${APPNAME} is running. Close it, then click Retry."
LangString Need64 ${LANG_VIETNAMESE} "${APPNAME} cần Windows 64-bit."
LangString Need64 ${LANG_ENGLISH} "${APPNAME} needs 64-bit Windows."

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "$(Need64)" /SD IDOK
    Abort
  ${EndIf}
  !insertmacro MULTIUSER_INIT
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

Function un.onInit
  !insertmacro MULTIUSER_UNINIT
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

; The program files cannot be replaced while the app runs: a running .exe cannot be deleted.
!macro REMOVE_PROGRAM UN
Function ${UN}RemoveProgram
  retry:
  ClearErrors
  Delete "$INSTDIR\tonghop.exe"
  Delete "$INSTDIR\tonghop-cli.exe"
  ${If} ${Errors}
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(Running)" /SD IDCANCEL IDRETRY retry
    Abort
  ${EndIf}
  RMDir /r "$INSTDIR\_internal"
FunctionEnd
!macroend
!insertmacro REMOVE_PROGRAM ""
!insertmacro REMOVE_PROGRAM "un."

Section "-Install"
  SetOutPath "$INSTDIR"
  Call RemoveProgram  ; an upgrade: the old version's files go, nothing else in the folder
  File /r "${SRCDIR}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\tonghop.exe" "" "$INSTDIR\tonghop.exe" 0
  CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\tonghop.exe" "" "$INSTDIR\tonghop.exe" 0

  WriteRegStr SHCTX "${APP_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr SHCTX "${APP_KEY}" "InstallMode" "$MultiUser.InstallMode"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayName" "${APPNAME}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINST_KEY}" "Publisher" "${APPNAME}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\tonghop.exe,0"
  WriteRegStr SHCTX "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode'
  WriteRegStr SHCTX "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /$MultiUser.InstallMode /S'
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD SHCTX "${UNINST_KEY}" "EstimatedSize" $0
SectionEnd

Section "Uninstall"
  Call un.RemoveProgram
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"  ; only when empty: files the user put there stay, and so does the folder
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$DESKTOP\${APPNAME}.lnk"
  DeleteRegKey SHCTX "${UNINST_KEY}"
  DeleteRegValue SHCTX "${APP_KEY}" "InstallDir"
  DeleteRegValue SHCTX "${APP_KEY}" "InstallMode"
  DeleteRegValue HKCU "${APP_KEY}" "Language"
  DeleteRegKey /ifempty HKCU "${APP_KEY}"
  DeleteRegKey /ifempty SHCTX "${APP_KEY}"
  DeleteRegKey /ifempty SHCTX "Software\${APPID}"  ; the app's own settings, if any, keep it
SectionEnd
