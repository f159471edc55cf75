//! The terminal put back when a signal ends the process while the browser
//! owns it: `kill` (SIGTERM, SIGINT), a closed SSH session (SIGHUP),
//! SIGQUIT, and SIGBUS from a mapped catalog file that another program
//! truncated while it was read (the browser reads behind its loading
//! screen).
//!
//! A signal handler may only make async-signal-safe calls: no locks, no
//! allocation. So the terminal's settings are saved here before raw mode,
//! and the handler writes the escape sequences that undo the browser's
//! and sets the saved settings back with `write` and `tcsetattr`, then
//! lets the signal end the process as it would have.

#[cfg(unix)]
mod unix {
    use std::sync::OnceLock;
    use std::sync::atomic::Ordering;

    /// The settings before raw mode, of the terminal on standard input
    /// (the one raw mode is set on when standard input is a terminal, which
    /// the browser requires).
    static SAVED: OnceLock<libc::termios> = OnceLock::new();

    /// Mouse reporting off (every mode the browser turned on), bracketed
    /// paste off, the main screen back, the cursor shown: what
    /// `tui::restore` writes, as bytes.
    const UNDO: &[u8] =
        b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?2004l\x1b[?1049l\x1b[?25h";

    /// SIGINT too: raw mode turns Ctrl-C into a key, but `kill -INT` still
    /// ends the process.
    const SIGNALS: [libc::c_int; 5] = [
        libc::SIGTERM,
        libc::SIGHUP,
        libc::SIGINT,
        libc::SIGQUIT,
        libc::SIGBUS,
    ];

    /// Saves the terminal's settings and installs the handler; call before
    /// raw mode is entered. Once per process is enough; later calls do
    /// nothing.
    pub fn install() {
        // SAFETY: tcgetattr writes into the termios it is given; it is
        // only kept when the call succeeded.
        let saved = unsafe {
            let mut termios: libc::termios = std::mem::zeroed();
            (libc::tcgetattr(libc::STDIN_FILENO, &mut termios) == 0).then_some(termios)
        };
        let Some(saved) = saved else { return };
        if SAVED.set(saved).is_err() {
            return;
        }
        for signal in SIGNALS {
            // SAFETY: the handler only makes async-signal-safe calls (see
            // `on_signal`); SA_RESETHAND makes the default action come back
            // before it runs, so raising the signal again ends the process.
            unsafe {
                let mut action: libc::sigaction = std::mem::zeroed();
                action.sa_sigaction = on_signal as *const () as libc::sighandler_t;
                action.sa_flags = libc::SA_RESETHAND;
                libc::sigemptyset(&mut action.sa_mask);
                libc::sigaction(signal, &action, std::ptr::null_mut());
            }
        }
    }

    extern "C" fn on_signal(signal: libc::c_int) {
        // An atomic load and a read of a set OnceLock: no lock, no allocation.
        if super::super::ACTIVE.load(Ordering::SeqCst)
            && let Some(saved) = SAVED.get()
        {
            // SAFETY: write, tcsetattr and raise are async-signal-safe; the
            // buffer and the termios are statics.
            unsafe {
                libc::write(libc::STDOUT_FILENO, UNDO.as_ptr().cast(), UNDO.len());
                libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, saved);
            }
        }
        // SAFETY: the default action is back (SA_RESETHAND): this ends the
        // process as the signal would have.
        unsafe {
            libc::raise(signal);
        }
    }
}

/// Saves the terminal's settings and sets up the restore on fatal signals.
pub fn install() {
    #[cfg(unix)]
    unix::install();
}
