@echo off
rem audio-export launcher for Windows: the options of bin/audio-export (see there why), without
rem the class-data-sharing archive, which the build makes for its own JVM and path only.
rem JAVA_OPTS, then AUDIOEXPORT_OPTS, come after these options and so override them; naming a
rem collector there replaces ours. JAVA_HOME selects the Java (17 or later).
setlocal
set "APP_HOME=%~dp0.."
if defined JAVA_HOME (set "JAVA=%JAVA_HOME%\bin\java.exe") else (set "JAVA=java")
set "GC=-XX:+UseSerialGC"
echo.%JAVA_OPTS% %AUDIOEXPORT_OPTS% | findstr /r /c:"-XX:+Use[A-Za-z]*GC" >nul && set "GC="
rem C2 inlining up to 150 bytecodes; the quick compiler alone for status and database loads
rem (run --jdbc, sync): see bin/audio-export.
set "JIT=-XX:FreqInlineSize=150"
if /i "%~1"=="status" set "JIT=-XX:TieredStopAtLevel=1"
if /i "%~1"=="sync" set "JIT=-XX:TieredStopAtLevel=1"
if /i not "%~1"=="run" goto launch
rem (not for an H2 target, whose database runs in this JVM)
echo. %* | findstr /c:" --jdbc " >nul && (echo. %* | findstr /c:"jdbc:h2:" >nul || set "JIT=-XX:TieredStopAtLevel=1")
:launch
"%JAVA%" -Xms128m -Xmn96m -Xmx640m %GC% %JIT% %JAVA_OPTS% %AUDIOEXPORT_OPTS% "-Daudioexport.launcher=%~f0" -jar "%APP_HOME%\lib\audio-export.jar" %*
exit /b %ERRORLEVEL%
