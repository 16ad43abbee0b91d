//! Where written YAML goes. A document of a 10 MB page is about 25 MB of text; written to a file, it
//! goes out in pieces of [`PIECE`] bytes at entry boundaries, so it is never whole in memory (issue 11:
//! the importer within 10x the page). Collected, it is one `String`, for edits and tests.

use std::io::{self, Write};
use std::ops::{Deref, DerefMut};

/// How much text is held before it goes to the sink.
const PIECE: usize = 64 * 1024;

/// Text being written: a buffer the writers append to (it derefs to `String`), handed to the sink,
/// if any, each time it passes [`PIECE`] bytes at a boundary.
pub struct Out<'w> {
    buffer: String,
    sink: Option<&'w mut dyn Write>,
    /// The first failed write; later text is dropped, and [`Out::finish`] returns it.
    error: Option<io::Error>,
}

impl Out<'static> {
    /// Collects all the text, for [`Out::finish`] to return.
    pub fn collect() -> Self {
        Out {
            buffer: String::new(),
            sink: None,
            error: None,
        }
    }
}

impl<'w> Out<'w> {
    /// Sends the text to `sink` as it is written.
    pub fn streaming(sink: &'w mut dyn Write) -> Self {
        Out {
            buffer: String::with_capacity(PIECE * 2),
            sink: Some(sink),
            error: None,
        }
    }

    /// A point between entries: when streaming and past [`PIECE`] bytes, the buffer goes out.
    pub(crate) fn boundary(&mut self) {
        if self.buffer.len() >= PIECE {
            self.send();
        }
    }

    fn send(&mut self) {
        let Some(sink) = self.sink.as_mut() else {
            return;
        };
        if self.error.is_none() {
            self.error = sink.write_all(self.buffer.as_bytes()).err();
        }
        self.buffer.clear();
    }

    /// The collected text; when streaming, the rest is written and the text is empty.
    pub fn finish(mut self) -> io::Result<String> {
        self.send();
        match self.error.take() {
            Some(e) => Err(e),
            None => Ok(std::mem::take(&mut self.buffer)),
        }
    }
}

impl Deref for Out<'_> {
    type Target = String;
    fn deref(&self) -> &String {
        &self.buffer
    }
}

impl DerefMut for Out<'_> {
    fn deref_mut(&mut self) -> &mut String {
        &mut self.buffer
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_in_pieces_and_keeps_the_text_whole() {
        let mut sink = Vec::new();
        let mut out = Out::streaming(&mut sink);
        let line = "x".repeat(1000) + "\n";
        let mut most = 0;
        for _ in 0..300 {
            out.push_str(&line);
            out.boundary();
            most = most.max(out.len());
        }
        assert!(most < PIECE + line.len(), "held {most} bytes");
        assert_eq!(out.finish().unwrap(), "");
        assert_eq!(sink, line.repeat(300).into_bytes());

        let mut out = Out::collect();
        out.push_str(&line.repeat(100));
        out.boundary();
        assert_eq!(out.finish().unwrap(), line.repeat(100));
    }

    #[test]
    fn a_failed_write_is_returned_and_later_text_dropped() {
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::Error::other("disk full"))
            }
            fn flush(&mut self) -> io::Result<()> {
                Ok(())
            }
        }
        let mut full = Full;
        let mut out = Out::streaming(&mut full);
        for _ in 0..3 {
            out.push_str(&"y".repeat(PIECE));
            out.boundary();
            assert!(out.is_empty());
        }
        assert_eq!(out.finish().unwrap_err().to_string(), "disk full");
    }
}
