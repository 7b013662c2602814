package scap

import (
	"fmt"
	"strconv"
)

// BlockType is the type field of a block (scap_savefile.h).
type BlockType uint32

// Block types. The _INT variants are pre-release numbers of V1 to V3 that
// old captures still carry; readers treat them as their V1-V3 twins.
const (
	BlockSHB          BlockType = 0x0A0D0D0A
	BlockMI           BlockType = 0x201
	BlockMIInt        BlockType = 0x8002ABCD
	BlockPLV1         BlockType = 0x202
	BlockPLV1Int      BlockType = 0x8000ABCD
	BlockPLV2         BlockType = 0x207
	BlockPLV2Int      BlockType = 0x8013ABCD
	BlockPLV3         BlockType = 0x209
	BlockPLV3Int      BlockType = 0x8014ABCD
	BlockPLV4         BlockType = 0x210
	BlockPLV5         BlockType = 0x211
	BlockPLV6         BlockType = 0x212
	BlockPLV7         BlockType = 0x213
	BlockPLV8         BlockType = 0x214
	BlockPLV9         BlockType = 0x215
	BlockFDL          BlockType = 0x203
	BlockFDLInt       BlockType = 0x8001ABCD
	BlockFDLV2        BlockType = 0x218
	BlockEV           BlockType = 0x204
	BlockEVInt        BlockType = 0x8010ABCD
	BlockEVV2         BlockType = 0x216
	BlockEVV2Large    BlockType = 0x221
	BlockIL           BlockType = 0x205
	BlockILInt        BlockType = 0x8011ABCD
	BlockILV2         BlockType = 0x219
	BlockUL           BlockType = 0x206
	BlockULInt        BlockType = 0x8012ABCD
	BlockULV2         BlockType = 0x220
	BlockEVF          BlockType = 0x208
	BlockEVFV2        BlockType = 0x217
	BlockEVFV2Large   BlockType = 0x222
	shbMagic                    = 0x1A2B3C4D
	shbMajor                    = 1
	shbMinor                    = 2
	miBodyLen                   = 180
	maxNonLargeBlock            = 1 << 16 // READER_BUF_SIZE: block_total_length - 8 of non-large event blocks
	maxPathLen                  = 1024    // SCAP_MAX_PATH_SIZE
	maxArgsLen                  = 4096    // SCAP_MAX_ARGS_SIZE, _ENV_SIZE, _CGROUPS_SIZE
	maxCredLen                  = 256     // MAX_CREDENTIALS_STR_LEN
	shbBodyLen                  = 16
	blockOverhead               = 12 // header (type, length) + trailer
	defaultBlockLimit           = 256 << 20
	pre010TailMax               = 29 // loginuid + exe_writable + 3 caps: the V9 tail before libs 0.10
)

var blockNames = map[BlockType]string{
	BlockSHB: "SHB", BlockMI: "MI", BlockMIInt: "MI_INT",
	BlockPLV1: "PL_V1", BlockPLV1Int: "PL_V1_INT", BlockPLV2: "PL_V2", BlockPLV2Int: "PL_V2_INT",
	BlockPLV3: "PL_V3", BlockPLV3Int: "PL_V3_INT", BlockPLV4: "PL_V4", BlockPLV5: "PL_V5",
	BlockPLV6: "PL_V6", BlockPLV7: "PL_V7", BlockPLV8: "PL_V8", BlockPLV9: "PL_V9",
	BlockFDL: "FDL", BlockFDLInt: "FDL_INT", BlockFDLV2: "FDL_V2",
	BlockEV: "EV", BlockEVInt: "EV_INT", BlockEVV2: "EV_V2", BlockEVV2Large: "EV_V2_LARGE",
	BlockIL: "IL", BlockILInt: "IL_INT", BlockILV2: "IL_V2",
	BlockUL: "UL", BlockULInt: "UL_INT", BlockULV2: "UL_V2",
	BlockEVF: "EVF", BlockEVFV2: "EVF_V2", BlockEVFV2Large: "EVF_V2_LARGE",
}

// String is the block's name without the _BLOCK_TYPE suffix ("PL_V9"), or its
// number in hex for unknown types.
func (t BlockType) String() string {
	if n, ok := blockNames[t]; ok {
		return n
	}
	return "0x" + strconv.FormatUint(uint64(t), 16)
}

// IsEvent reports whether t is one of the seven event block types.
func (t BlockType) IsEvent() bool {
	switch t {
	case BlockEV, BlockEVInt, BlockEVV2, BlockEVV2Large, BlockEVF, BlockEVFV2, BlockEVFV2Large:
		return true
	}
	return false
}

// hasFlags reports whether an event block carries u32 dump flags after cpuid.
func (t BlockType) hasFlags() bool {
	return t == BlockEVF || t == BlockEVFV2 || t == BlockEVFV2Large
}

// isV1Event reports whether an event block uses the 22-byte header without
// nparams.
func (t BlockType) isV1Event() bool { return t == BlockEV || t == BlockEVInt || t == BlockEVF }

// isLarge reports whether an event block may exceed 64 KiB.
func (t BlockType) isLarge() bool { return t == BlockEVV2Large || t == BlockEVFV2Large }

// plVersion returns the proclist version of t (1-9), or 0 if t is not a PL block.
func (t BlockType) plVersion() int {
	switch t {
	case BlockPLV1, BlockPLV1Int:
		return 1
	case BlockPLV2, BlockPLV2Int:
		return 2
	case BlockPLV3, BlockPLV3Int:
		return 3
	case BlockPLV4:
		return 4
	case BlockPLV5:
		return 5
	case BlockPLV6:
		return 6
	case BlockPLV7:
		return 7
	case BlockPLV8:
		return 8
	case BlockPLV9:
		return 9
	}
	return 0
}

// FormatError reports corrupt or truncated input. Offset is the byte offset in
// the capture's uncompressed stream (the file offset for a plain file) of the
// block that failed, Block its type (0 when the block header itself could not
// be read), and Detail where inside the block.
type FormatError struct {
	Offset int64
	Block  BlockType
	Detail string
	Gzip   bool // the offset counts uncompressed bytes of a gzip file
}

func (e *FormatError) Error() string {
	where := fmt.Sprintf("offset %d", e.Offset)
	if e.Gzip {
		where += " (uncompressed)"
	}
	if e.Block == 0 {
		return fmt.Sprintf("scap: %s: %s", where, e.Detail)
	}
	return fmt.Sprintf("scap: %s: %s block: %s", where, e.Block, e.Detail)
}

// normalize rounds a block length up to a multiple of 4.
func normalize(n int) int { return (n + 3) &^ 3 }
