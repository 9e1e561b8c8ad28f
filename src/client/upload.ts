// Upload progress for document forms (`<form data-upload>`). Without JavaScript the same form
// posts normally; with it, the files travel through XMLHttpRequest so the reader sees how far
// the upload has got, which matters on slow connections.
for (const form of document.querySelectorAll<HTMLFormElement>('form[data-upload]')) {
  form.addEventListener('submit', (event) => {
    const inputs = [...form.querySelectorAll<HTMLInputElement>('input[type=file]')];
    const hasFiles = inputs.some((i) => (i.files?.length ?? 0) > 0);
    if (!hasFiles || event.defaultPrevented) return;
    event.preventDefault();
    const box = form.querySelector<HTMLElement>('[data-upload-progress]');
    const bar = box?.querySelector('progress');
    const pct = box?.querySelector<HTMLElement>('.upload-progress__pct');
    const failed = form.querySelector<HTMLElement>('[data-upload-error]');
    const button = form.querySelector<HTMLButtonElement>('button[type=submit]');
    if (box) box.hidden = false;
    if (failed) failed.hidden = true;
    if (button) button.disabled = true;

    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    xhr.upload.addEventListener('progress', (e) => {
      if (!e.lengthComputable) return;
      const value = Math.round((e.loaded / e.total) * 100);
      if (bar) bar.value = value;
      if (pct) pct.textContent = `${value} %`;
    });
    xhr.addEventListener('load', () => {
      // Success ends in a redirect, which XMLHttpRequest follows: go where it went.
      if (xhr.status >= 200 && xhr.status < 300 && xhr.responseURL && xhr.responseURL !== form.action) {
        window.location.assign(xhr.responseURL);
        return;
      }
      // A form with errors (or an error page): show what the server answered.
      document.open();
      document.write(xhr.responseText);
      document.close();
    });
    xhr.addEventListener('error', () => {
      if (box) box.hidden = true;
      if (failed) failed.hidden = false;
      if (button) button.disabled = false;
    });
    xhr.send(new FormData(form));
  });
}
