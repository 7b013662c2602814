package ppm

import "strconv"

// ParamType is the type of an event parameter (enum ppm_param_type; the values
// are the driver's).
type ParamType uint8

// Parameter types used by the events this package describes.
const (
	PTInt32      ParamType = 3
	PTInt64      ParamType = 4
	PTUint8      ParamType = 5
	PTUint32     ParamType = 7
	PTUint64     ParamType = 8
	PTCharBuf    ParamType = 9  // NUL-terminated string
	PTByteBuf    ParamType = 10 // raw bytes; args, env, cgroups are NUL-separated lists
	PTErrno      ParamType = 11 // int64, 0 or -errno
	PTFD         ParamType = 14 // int64
	PTPID        ParamType = 15 // int64
	PTFSPath     ParamType = 17 // NUL-terminated path
	PTSigType    ParamType = 19 // uint8 signal number
	PTAbsTime    ParamType = 21 // uint64 ns since the epoch
	PTFlags32    ParamType = 30
	PTUID        ParamType = 31 // uint32, 0xFFFFFFFF = none
	PTGID        ParamType = 32 // uint32, 0xFFFFFFFF = none
	PTFSRelPath  ParamType = 40 // NUL-terminated path relative to a dirfd parameter
	PTFlags16    ParamType = 29
	PTMode       ParamType = 42 // uint32 file mode bits
	PTEnumFlags8 ParamType = 44
)

var paramTypeNames = map[ParamType]string{
	PTInt32: "INT32", PTInt64: "INT64", PTUint8: "UINT8", PTUint32: "UINT32", PTUint64: "UINT64",
	PTCharBuf: "CHARBUF", PTByteBuf: "BYTEBUF", PTErrno: "ERRNO", PTFD: "FD", PTPID: "PID",
	PTFSPath: "FSPATH", PTSigType: "SIGTYPE", PTAbsTime: "ABSTIME", PTFlags32: "FLAGS32",
	PTUID: "UID", PTGID: "GID", PTFSRelPath: "FSRELPATH", PTFlags16: "FLAGS16", PTEnumFlags8: "ENUMFLAGS8", PTMode: "MODE",
}

// String returns the driver's name without the PT_ prefix ("UINT32").
func (t ParamType) String() string {
	if n, ok := paramTypeNames[t]; ok {
		return n
	}
	return "PT_" + strconv.Itoa(int(t))
}

// Size is the exact byte size of a fixed-size type, 0 for variable-size types.
// libsinsp rejects a present fixed-size parameter of any other size.
func (t ParamType) Size() int {
	switch t {
	case PTUint8, PTSigType, PTEnumFlags8:
		return 1
	case PTFlags16:
		return 2
	case PTInt32, PTUint32, PTFlags32, PTUID, PTGID, PTMode:
		return 4
	case PTInt64, PTUint64, PTErrno, PTFD, PTPID, PTAbsTime:
		return 8
	}
	return 0
}

// ParamInfo names and types one parameter.
type ParamInfo struct {
	Name string
	Type ParamType
}

// Parameter lists of the newest process events; older versions are built from
// them by name, because versions differ by dropped and inserted parameters, not
// only by a shorter tail.
var (
	execveParams = []ParamInfo{
		{"res", PTErrno}, {"exe", PTCharBuf}, {"args", PTByteBuf}, {"tid", PTPID}, {"pid", PTPID},
		{"ptid", PTPID}, {"cwd", PTCharBuf}, {"fdlimit", PTUint64}, {"pgft_maj", PTUint64},
		{"pgft_min", PTUint64}, {"vm_size", PTUint32}, {"vm_rss", PTUint32}, {"vm_swap", PTUint32},
		{"comm", PTCharBuf}, {"cgroups", PTByteBuf}, {"env", PTByteBuf}, {"tty", PTUint32},
		{"vpgid", PTPID}, {"loginuid", PTUID}, {"flags", PTFlags32}, {"cap_inheritable", PTUint64},
		{"cap_permitted", PTUint64}, {"cap_effective", PTUint64}, {"exe_ino", PTUint64},
		{"exe_ino_ctime", PTAbsTime}, {"exe_ino_mtime", PTAbsTime}, {"uid", PTUID},
		{"trusted_exepath", PTFSPath}, {"pgid", PTPID}, {"gid", PTGID}, {"filename", PTFSPath},
	}
	cloneParams = []ParamInfo{
		{"res", PTPID}, {"exe", PTCharBuf}, {"args", PTByteBuf}, {"tid", PTPID}, {"pid", PTPID},
		{"ptid", PTPID}, {"cwd", PTCharBuf}, {"fdlimit", PTInt64}, {"pgft_maj", PTUint64},
		{"pgft_min", PTUint64}, {"vm_size", PTUint32}, {"vm_rss", PTUint32}, {"vm_swap", PTUint32},
		{"comm", PTCharBuf}, {"cgroups", PTByteBuf}, {"flags", PTFlags32}, {"uid", PTUint32},
		{"gid", PTUint32}, {"vtid", PTPID}, {"vpid", PTPID}, {"pidns_init_start_ts", PTUint64},
	}
	filenameParam = []ParamInfo{{"filename", PTFSPath}}
	userParams    = []ParamInfo{
		{"uid", PTUint32}, {"gid", PTUint32}, {"name", PTCharBuf}, {"home", PTCharBuf},
		{"shell", PTCharBuf}, {"container_id", PTCharBuf},
	}
	groupParams = []ParamInfo{{"gid", PTUint32}, {"name", PTCharBuf}, {"container_id", PTCharBuf}}
)

// pick returns the parameters of base with the given names, in that order.
func pick(base []ParamInfo, names ...string) []ParamInfo {
	out := make([]ParamInfo, 0, len(names))
	for _, n := range names {
		i := indexOf(base, n)
		if i < 0 {
			panic("ppm: no parameter " + n) // table bug, caught by the package tests
		}
		out = append(out, base[i])
	}
	return out
}

func indexOf(ps []ParamInfo, name string) int {
	for i, p := range ps {
		if p.Name == name {
			return i
		}
	}
	return -1
}

func names(ps []ParamInfo) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}

// paramTable holds the parameter lists this package knows, by code. Codes
// without an entry are opaque: their parameters can be read by index only.
var paramTable = func() map[Code][]ParamInfo {
	base8 := names(execveParams[:8]) // res .. fdlimit
	base13 := names(execveParams[:13])
	exec17 := append(pick(execveParams, names(execveParams[:16])...), ParamInfo{"tty", PTInt32})
	clone11 := pick(cloneParams, append(base8, "flags", "uid", "gid")...)
	clone16 := pick(cloneParams, append(base13, "flags", "uid", "gid")...)
	clone17 := pick(cloneParams, append(base13, "comm", "flags", "uid", "gid")...)
	return map[Code][]ParamInfo{
		CodeExecve8X:  pick(execveParams, base8...),
		CodeExecve13X: pick(execveParams, base13...),
		CodeExecve14X: pick(execveParams, append(base13, "env")...),
		CodeExecve15X: pick(execveParams, append(base13, "comm", "env")...),
		CodeExecve16X: pick(execveParams, names(execveParams[:16])...),
		CodeExecve17X: exec17,
		CodeExecve18X: exec17,
		CodeExecveX:   execveParams,
		CodeExecveatX: execveParams[:30],

		CodeExecve8E: {}, CodeExecve13E: {}, CodeExecve14E: {}, CodeExecve15E: {},
		CodeExecve16E: {}, CodeExecve17E: {},
		CodeExecve18E: filenameParam,
		CodeExecveE:   filenameParam,
		CodeExecveatE: {{"dirfd", PTFD}, {"pathname", PTFSRelPath}, {"flags", PTFlags32}},

		CodeClone11X: clone11, CodeClone16X: clone16, CodeClone17X: clone17,
		CodeForkOldX: clone16, CodeFork17X: clone17,
		CodeVforkOldX: clone16, CodeVfork17X: clone17,
		CodeCloneX: cloneParams, CodeForkX: cloneParams, CodeVforkX: cloneParams, CodeClone3X: cloneParams,
		CodeCloneE: {}, CodeForkE: {}, CodeVforkE: {}, CodeClone3E: {},

		CodeProcexitOld: {},
		CodeProcexit: {
			{"status", PTErrno}, {"ret", PTErrno}, {"sig", PTSigType}, {"core", PTUint8}, {"reaper_tid", PTPID},
		},
		CodeContainer: {
			{"id", PTCharBuf}, {"type", PTUint32}, {"name", PTCharBuf}, {"image", PTCharBuf},
		},
		CodeContainerJSON:  {{"json", PTCharBuf}},
		CodeContainerJSON2: {{"json", PTCharBuf}},
		CodeAsyncE:         {{"plugin_id", PTUint32}, {"name", PTCharBuf}, {"data", PTByteBuf}},
		CodePluginE:        {{"plugin_id", PTUint32}, {"event_data", PTByteBuf}},
		CodeUserAdded:      userParams,
		CodeUserDeleted:    userParams,
		CodeGroupAdded:     groupParams,
		CodeGroupDeleted:   groupParams,
		CodeProcinfo:       {{"cpu_usr", PTUint64}, {"cpu_sys", PTUint64}},
		CodeChrootX:        {{"res", PTErrno}, {"path", PTFSPath}},

		CodeOpenE:      {{"name", PTFSPath}, {"flags", PTFlags32}, {"mode", PTUint32}},
		CodeOpenX:      {{"fd", PTFD}, {"name", PTFSPath}, {"flags", PTFlags32}, {"mode", PTUint32}, {"dev", PTUint32}, {"ino", PTUint64}},
		CodeCloseE:     {{"fd", PTFD}},
		CodeCloseX:     {{"res", PTErrno}, {"fd", PTFD}},
		CodeCreatE:     {{"name", PTFSPath}, {"mode", PTUint32}},
		CodeOpenatE:    {{"dirfd", PTFD}, {"name", PTFSRelPath}, {"flags", PTFlags32}, {"mode", PTUint32}},
		CodeOpenat2E:   {{"dirfd", PTFD}, {"name", PTFSRelPath}, {"flags", PTFlags32}, {"mode", PTUint32}, {"resolve", PTFlags32}},
		CodeWriteX:     {{"res", PTErrno}, {"data", PTByteBuf}, {"fd", PTFD}, {"size", PTUint32}},
		CodeChmodX:     {{"res", PTErrno}, {"filename", PTFSPath}, {"mode", PTMode}},
		CodeSymlinkatX: {{"res", PTErrno}, {"target", PTCharBuf}, {"linkdirfd", PTFD}, {"linkpath", PTFSRelPath}},
		CodeCreatX:     {{"fd", PTFD}, {"name", PTFSPath}, {"mode", PTUint32}, {"dev", PTUint32}, {"ino", PTUint64}, {"creat_flags", PTFlags16}},
		CodeOpenatX:    {{"fd", PTFD}, {"dirfd", PTFD}, {"name", PTFSRelPath}, {"flags", PTFlags32}, {"mode", PTUint32}, {"dev", PTUint32}, {"ino", PTUint64}},
		CodeOpenat2X:   {{"fd", PTFD}, {"dirfd", PTFD}, {"name", PTFSRelPath}, {"flags", PTFlags32}, {"mode", PTUint32}, {"resolve", PTFlags32}, {"dev", PTUint32}, {"ino", PTUint64}},
		CodeUnlinkX:    {{"res", PTErrno}, {"path", PTFSPath}},
		CodeUnlinkatX:  {{"res", PTErrno}, {"dirfd", PTFD}, {"name", PTFSRelPath}, {"flags", PTFlags32}},
		CodeRenameX:    {{"res", PTErrno}, {"oldpath", PTFSPath}, {"newpath", PTFSPath}},
		CodeRenameatX:  {{"res", PTErrno}, {"olddirfd", PTFD}, {"oldpath", PTFSRelPath}, {"newdirfd", PTFD}, {"newpath", PTFSRelPath}},
		CodeRenameat2X: {{"res", PTErrno}, {"olddirfd", PTFD}, {"oldpath", PTFSRelPath}, {"newdirfd", PTFD}, {"newpath", PTFSRelPath}, {"flags", PTFlags32}},
		CodeDupX:       {{"res", PTFD}, {"oldfd", PTFD}},
		CodeDup2X:      {{"res", PTFD}, {"oldfd", PTFD}, {"newfd", PTFD}},
		CodeDup3X:      {{"res", PTFD}, {"oldfd", PTFD}, {"newfd", PTFD}, {"flags", PTFlags32}},
		CodeFcntlX:     {{"res", PTFD}, {"fd", PTFD}, {"cmd", PTEnumFlags8}, {"arg", PTUint64}},

		CodeChdirX:     {{"res", PTErrno}, {"path", PTCharBuf}},
		CodeFchdirE:    {{"fd", PTFD}},
		CodeFchdirX:    {{"res", PTErrno}, {"fd", PTFD}},
		CodeSetresuidE: {{"ruid", PTUID}, {"euid", PTUID}, {"suid", PTUID}},
		CodeSetresuidX: {{"res", PTErrno}, {"ruid", PTUID}, {"euid", PTUID}, {"suid", PTUID}},
		CodeSetresgidE: {{"rgid", PTGID}, {"egid", PTGID}, {"sgid", PTGID}},
		CodeSetresgidX: {{"res", PTErrno}, {"rgid", PTGID}, {"egid", PTGID}, {"sgid", PTGID}},
		CodeSetuidE:    {{"uid", PTUID}},
		CodeSetuidX:    {{"res", PTErrno}, {"uid", PTUID}},
		CodeSetgidE:    {{"gid", PTGID}},
		CodeSetgidX:    {{"res", PTErrno}, {"gid", PTGID}},
		CodeSetsidX:    {{"res", PTPID}},
		CodeSetreuidX:  {{"res", PTErrno}, {"ruid", PTUID}, {"euid", PTUID}},
		CodeSetregidX:  {{"res", PTErrno}, {"rgid", PTUID}, {"egid", PTUID}},
	}
}()

// Params returns the parameter list of c in driver order, or nil when this
// package does not describe c (see ParamIndex). The slice must not be modified.
func (c Code) Params() []ParamInfo { return paramTable[c] }

// ParamIndex returns the index of the parameter called name in events of type
// c, or -1 when c has no such parameter or is not described. Versions of an
// event differ in layout (EXECVE_16_X has no tty, CLONE_16_X no comm or
// cgroups), so look parameters up by name, not by a fixed index.
func (c Code) ParamIndex(name string) int { return indexOf(paramTable[c], name) }

// ParamByName returns the parameter called name (see Code.ParamIndex): nil
// when the event type has no such parameter or this event was written with
// fewer parameters, empty when present with length 0.
func (e Event) ParamByName(name string) []byte {
	i := e.Type().ParamIndex(name)
	if i < 0 {
		return nil
	}
	return e.Param(i)
}
