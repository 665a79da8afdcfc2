# Sourced by .ci/run: a CUPS server with a file-backed PDF queue for the printing tests.
# Sets TROCHTRACK_TEST_PRINTER, TROCHTRACK_TEST_PRINTER_OUTPUT and CUPS_STOP.
if lpstat -r 2>/dev/null | grep -q 'is running'; then
  echo "a cupsd is already running; using it"
else
  sed -i 's/^#\?FileDevice.*/FileDevice Yes/' /etc/cups/cups-files.conf
  grep -q '^FileDevice Yes' /etc/cups/cups-files.conf || echo 'FileDevice Yes' >> /etc/cups/cups-files.conf
  sed -i 's/^Browsing .*/Browsing No/' /etc/cups/cupsd.conf
  /usr/sbin/cupsd -f </dev/null >"$CI_WORK/cupsd.log" 2>&1 &
  CUPSD_PID=$!
  cupsd_stop() { kill -TERM "$CUPSD_PID" 2>/dev/null || true; wait "$CUPSD_PID" 2>/dev/null || true; }
  for _ in $(seq 1 100); do lpstat -r 2>/dev/null | grep -q 'is running' && break; sleep 0.1; done
fi
# A queue of this run's own: a cupsd that was already running may serve other runs (and
# keep jobs they left), and the queue goes with this run.
export TROCHTRACK_TEST_PRINTER="TrochtrackTest-${CI_WORK##*.}"
export TROCHTRACK_TEST_PRINTER_OUTPUT="$CI_WORK/printed.pdf"
# CUPS 2.4 opens a file: device without O_CREAT: the output file must already exist.
: >"$TROCHTRACK_TEST_PRINTER_OUTPUT"
cups_stop() {
  lpadmin -x "$TROCHTRACK_TEST_PRINTER" 2>/dev/null || true
  if declare -F cupsd_stop >/dev/null; then cupsd_stop; fi
}
CUPS_STOP=cups_stop
lpadmin -p "$TROCHTRACK_TEST_PRINTER" -E -v "file://$TROCHTRACK_TEST_PRINTER_OUTPUT" \
  -P /usr/share/ppd/cupsfilters/Generic-PDF_Printer-PDF.ppd 2>/dev/null
echo "cups queue $TROCHTRACK_TEST_PRINTER -> $TROCHTRACK_TEST_PRINTER_OUTPUT"
