//! WOFF 1.0 packing: the tables of a font, each zlib-compressed or stored, behind a header
//! and a directory a browser reads.

use flate2::{Compress, Compression, FlushCompress, Status};

/// A table as WOFF stores it.
pub(super) struct WoffTable {
    pub(super) tag: [u8; 4],
    checksum: u32,
    orig_len: usize,
    /// zlib-compressed, or the table as it is when that is no smaller.
    data: Vec<u8>,
}

impl WoffTable {
    /// `tables` (tag, checksum, bytes) compressed, once for the font when it is read.
    pub(super) fn compressed<'a>(
        tables: impl IntoIterator<Item = ([u8; 4], u32, &'a [u8])>,
    ) -> Vec<WoffTable> {
        // One stream, reset between tables: setting one up zeroes hundreds of kB.
        let mut z = Compress::new(Compression::best(), true);
        let mut packed = Vec::new();
        for (tag, checksum, table) in tables {
            let mut out = Vec::with_capacity(table.len() + 64);
            let done = z.compress_vec(table, &mut out, FlushCompress::Finish);
            z.reset();
            let data = match done {
                Ok(Status::StreamEnd) if out.len() < table.len() => out,
                _ => table.to_vec(),
            };
            packed.push(WoffTable {
                tag,
                checksum,
                orig_len: table.len(),
                data,
            });
        }
        packed
    }

    /// A table stored uncompressed.
    pub(super) fn stored(tag: [u8; 4], table: Vec<u8>) -> WoffTable {
        WoffTable {
            tag,
            checksum: checksum(&table),
            orig_len: table.len(),
            data: table,
        }
    }
}

pub(super) fn u16_at(b: &[u8], at: usize) -> usize {
    usize::from(u16::from_be_bytes([b[at], b[at + 1]]))
}

pub(super) fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// The OpenType checksum of a table: the sum of its big-endian words, zero-padded.
pub(super) fn checksum(table: &[u8]) -> u32 {
    let words = table.chunks_exact(4);
    let tail = words.remainder();
    let mut last = [0u8; 4];
    last[..tail.len()].copy_from_slice(tail);
    words
        .map(|w| u32::from_be_bytes([w[0], w[1], w[2], w[3]]))
        .fold(u32::from_be_bytes(last), u32::wrapping_add)
}

/// A WOFF 1.0 file of `tables` (sorted by tag).
pub(super) fn woff(flavor: u32, tables: &[&WoffTable]) -> Vec<u8> {
    let pad4 = |n: usize| n.next_multiple_of(4);
    let header = 44 + 20 * tables.len();
    let sfnt_size = 12 + 16 * tables.len() + tables.iter().map(|t| pad4(t.orig_len)).sum::<usize>();
    let mut offsets = Vec::with_capacity(tables.len());
    let mut end = header;
    for t in tables {
        offsets.push(end);
        end = pad4(end + t.data.len());
    }
    let mut out = Vec::with_capacity(end);
    let put = |out: &mut Vec<u8>, v: u32| out.extend_from_slice(&v.to_be_bytes());
    put(&mut out, u32::from_be_bytes(*b"wOFF"));
    put(&mut out, flavor);
    put(&mut out, end as u32);
    out.extend_from_slice(&(tables.len() as u16).to_be_bytes());
    out.extend_from_slice(&[0, 0]);
    put(&mut out, sfnt_size as u32);
    out.extend_from_slice(&[0, 1, 0, 0]); // version 1.0
    for _ in 0..5 {
        put(&mut out, 0); // no metadata, no private data
    }
    for (t, offset) in tables.iter().zip(&offsets) {
        out.extend_from_slice(&t.tag);
        put(&mut out, *offset as u32);
        put(&mut out, t.data.len() as u32);
        put(&mut out, t.orig_len as u32);
        put(&mut out, t.checksum);
    }
    for t in tables {
        out.extend_from_slice(&t.data);
        out.resize(pad4(out.len()), 0);
    }
    out
}

/// The font a WOFF 1.0 file packs, as a browser unpacks it (checking its lengths and
/// checksums).
#[cfg(test)]
pub(super) fn unpack(woff: &[u8]) -> Vec<u8> {
    use std::io::Read as _;
    assert_eq!(&woff[..4], b"wOFF");
    assert_eq!(u32_at(woff, 8) as usize, woff.len());
    let n = u16_at(woff, 12);
    let mut dir = Vec::new();
    let mut data = Vec::new();
    let mut at = 12 + 16 * n;
    for i in 0..n {
        let e = 44 + 20 * i;
        let (offset, comp, orig) = (
            u32_at(woff, e + 4) as usize,
            u32_at(woff, e + 8) as usize,
            u32_at(woff, e + 12) as usize,
        );
        let mut table = woff[offset..offset + comp].to_vec();
        if comp < orig {
            let mut raw = Vec::new();
            flate2::read::ZlibDecoder::new(&table[..])
                .read_to_end(&mut raw)
                .unwrap();
            table = raw;
        }
        assert_eq!(table.len(), orig);
        // (`head`'s is summed with its checksum adjustment as zero.)
        if &woff[e..e + 4] != b"head" {
            assert_eq!(checksum(&table), u32_at(woff, e + 16));
        }
        dir.extend_from_slice(&woff[e..e + 4]);
        dir.extend_from_slice(&woff[e + 16..e + 20]);
        dir.extend_from_slice(&(at as u32).to_be_bytes());
        dir.extend_from_slice(&(orig as u32).to_be_bytes());
        table.resize(table.len().next_multiple_of(4), 0);
        at += table.len();
        data.extend(table);
    }
    assert_eq!(u32_at(woff, 16) as usize, at);
    let mut sfnt = woff[4..8].to_vec();
    sfnt.extend_from_slice(&(n as u16).to_be_bytes());
    sfnt.extend_from_slice(&[0; 6]);
    sfnt.extend(dir);
    sfnt.extend(data);
    sfnt
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checksum_sums_big_endian_words_zero_padded() {
        assert_eq!(checksum(&[]), 0);
        assert_eq!(checksum(&[0, 0, 1, 2, 3]), 0x0102 + 0x0300_0000);
        assert_eq!(checksum(&[0xff; 8]), 0xffff_fffe);
    }
}
