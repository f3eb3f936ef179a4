import type { PhotoType } from './api';

/** photoLimit is the server's largest business-profile photo: 5 MB. */
export const photoLimit = 5 * 1024 * 1024;

const signatures: { type: PhotoType; bytes: number[] }[] = [
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/** photoTypeOf judges an image's type from its first bytes, as the server does; null when it is neither JPEG nor PNG. */
export function photoTypeOf(bytes: Uint8Array): PhotoType | null {
  const match = signatures.find((signature) => signature.bytes.every((byte, index) => bytes[index] === byte));
  return match?.type ?? null;
}

const megabytes = (size: number) => (size / (1024 * 1024)).toFixed(1);

/** CheckedPhoto is a picked file the server will take, or the reason it will not, in words. */
export type CheckedPhoto = { bytes: ArrayBuffer; type: PhotoType; problem?: undefined } | { problem: string };

/** readBytes reads a file's bytes (FileReader where Blob.arrayBuffer is missing). */
function readBytes(file: Blob): Promise<ArrayBuffer> {
  if (typeof file.arrayBuffer === 'function') return file.arrayBuffer();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(file);
  });
}

/** checkPhoto applies the server's photo rules before upload: at most 5 MB, JPEG or PNG judged by the bytes. */
export async function checkPhoto(file: File): Promise<CheckedPhoto> {
  if (file.size > photoLimit) return { problem: `The photo is ${megabytes(file.size)} MB; it can be at most 5 MB.` };
  if (file.size === 0) return { problem: 'The file is empty; choose a JPEG or PNG image.' };
  let bytes: ArrayBuffer;
  try {
    bytes = await readBytes(file);
  } catch {
    return { problem: 'The file could not be read; choose it again.' };
  }
  const type = photoTypeOf(new Uint8Array(bytes, 0, Math.min(bytes.byteLength, 8)));
  if (!type) return { problem: `"${file.name}" is not a JPEG or PNG image; choose a .jpg or .png photo.` };
  return { bytes, type };
}
