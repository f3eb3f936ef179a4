import { Alert, Button, FileButton, Group, Image, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';
import { ErrorAlert } from '../ui/ErrorAlert';
import { getProfilePhoto, type ChannelOwner, type PhotoType, uploadProfilePhoto } from './api';
import { checkPhoto } from './photoRules';

interface ProfilePhotoProps {
  owner: ChannelOwner;
  channelId: string;
  /** photoUrl is the saved profile's photo address; unset when the profile has no photo. */
  photoUrl?: string;
  editable: boolean;
}

/** photoError puts the server's refusal of a photo in words. */
function photoError(error: unknown): unknown {
  if (!(error instanceof ApiError)) return error;
  if (error.status === 413) return new ApiError('The photo is larger than 5 MB; choose a smaller one.', 413, error.details, error.code);
  if (error.status === 422) {
    return new ApiError('The server could not read this photo as a JPEG or PNG image; choose another one.', 422, error.details, error.code);
  }
  return error;
}

/** dataUrlOf turns fetched image bytes into a data: address (the page's CSP allows data: images, not blob:). */
async function dataUrlOf(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let index = 0; index < bytes.length; index += 0x8000) binary += String.fromCharCode(...bytes.subarray(index, index + 0x8000));
  return `data:${blob.type || 'image/png'};base64,${btoa(binary)}`;
}

/** usePhotoSrc shows fetched image bytes as an address an <img> can load. */
function usePhotoSrc(blob: Blob | undefined): string | undefined {
  const [src, setSrc] = useState<string>();
  useEffect(() => {
    let live = true;
    if (!blob) setSrc(undefined);
    else void dataUrlOf(blob).then((url) => live && setSrc(url), () => live && setSrc(undefined));
    return () => {
      live = false;
    };
  }, [blob]);
  return src;
}

/**
 * ProfilePhoto shows the channel's business-profile photo and, for those who may edit, uploads a
 * new one after checking it with the server's rules: JPEG or PNG by its bytes, at most 5 MB.
 */
export function ProfilePhoto({ owner, channelId, photoUrl, editable }: ProfilePhotoProps) {
  // The upload's answer names the new photo; the form's saved profile is left alone so that
  // changes being typed there are kept.
  const [current, setCurrent] = useState(photoUrl);
  const [version, setVersion] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  const [uploaded, setUploaded] = useState(false);
  const resetRef = useRef<() => void>(null);

  const photo = useQuery({
    queryKey: ['channel', channelId, 'profile-photo', current, version],
    queryFn: () => getProfilePhoto(owner, channelId),
    enabled: Boolean(current),
  });
  const src = usePhotoSrc(current ? photo.data : undefined);

  const upload = useMutation({
    mutationFn: ({ bytes, type }: { bytes: ArrayBuffer; type: PhotoType }) => uploadProfilePhoto(owner, channelId, bytes, type),
    onSuccess: (answer) => {
      setUploaded(true);
      setCurrent(answer?.profile_photo_url || current || 'uploaded');
      setVersion((count) => count + 1);
    },
  });

  const choose = async (file: File | null) => {
    resetRef.current?.();
    setProblem(null);
    setUploaded(false);
    upload.reset();
    if (!file) return;
    const checked = await checkPhoto(file);
    if (checked.problem !== undefined) setProblem(checked.problem);
    else upload.mutate({ bytes: checked.bytes, type: checked.type });
  };

  return (
    <Stack gap="xs">
      <Title order={4} size="h5">
        Profile photo
      </Title>
      <Group align="flex-start">
        {current ? (
          src ? (
            <Image src={src} alt="Profile photo" w={96} h={96} radius="md" fit="cover" />
          ) : (
            <Text size="sm" c="dimmed">
              {photo.isError ? 'The photo could not be loaded.' : 'Loading the photo…'}
            </Text>
          )
        ) : (
          <Text size="sm" c="dimmed">
            No profile photo set.
          </Text>
        )}
        {editable && (
          <Stack gap={4}>
            <FileButton onChange={(file) => void choose(file)} accept="image/jpeg,image/png" resetRef={resetRef}>
              {(props) => (
                <Button variant="default" loading={upload.isPending} {...props}>
                  {current ? 'Replace photo' : 'Upload photo'}
                </Button>
              )}
            </FileButton>
            <Text size="xs" c="dimmed">
              JPEG or PNG, at most 5 MB; 640×640 recommended.
            </Text>
          </Stack>
        )}
      </Group>
      {problem && (
        <Alert color="red" role="alert" title="Photo not uploaded">
          {problem}
        </Alert>
      )}
      <ErrorAlert error={photoError(upload.error)} title="Photo not uploaded" />
      {uploaded && (
        <Alert color="green" role="status">
          Profile photo uploaded.
        </Alert>
      )}
    </Stack>
  );
}
