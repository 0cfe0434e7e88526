import type { MediaMessages } from '../../../src/catalog/media-messages.ts';
import type { ProductDocument, ProductImage } from '../../../src/catalog/media.ts';
import { DOCUMENT_KINDS, documentUrl, imageSrcset, imageUrl, slotFor } from '../../../src/catalog/media-files.ts';
import { FormField, SelectField } from '../../components/form-field.tsx';
import { formatSize } from './size.ts';

export interface StaffMediaErrors {
  /** One message per refused file (name: reason). */
  images?: string[];
  alt?: string;
  document_file?: string;
  document_title?: string;
  document_kind?: string;
  /** Alternative text of one existing image, by image id. */
  imageAlt?: { id: number; message: string };
}

export interface StaffMediaProps {
  t: MediaMessages;
  locale: 'tr' | 'en';
  product: { id: number; sku: string; name: string };
  images: ProductImage[];
  documents: ProductDocument[];
  errors: StaffMediaErrors;
  values: { alt?: string; document_title?: string; document_kind?: string; imageAlt?: { id: number; value: string } };
}

const base = (id: number) => `/staff/media/products/${id}`;

function ImageRow(p: StaffMediaProps & { image: ProductImage; index: number }) {
  const { t, image, product } = p;
  const url = `${base(product.id)}/images/${image.id}`;
  const altError = p.errors.imageAlt?.id === image.id ? p.errors.imageAlt.message : undefined;
  const altValue = p.values.imageAlt?.id === image.id ? p.values.imageAlt.value : image.alt;
  return (
    <tr id={`image-${image.id}`} data-testid="staff-image">
      <td>
        <img
          class="media-thumb"
          src={imageUrl(image, slotFor(image, 160))}
          srcset={imageSrcset(image)}
          sizes="120px"
          width={120}
          height={image.width && image.height ? Math.round((120 * image.height) / image.width) : 120}
          alt={image.alt || product.name}
        />
        <div class="muted">
          {t.imageOf(p.index + 1, p.images.length)}
          {image.width && image.height ? <> · {t.dimensions(image.width, image.height)}</> : null}
        </div>
      </td>
      <td>
        <form method="post" action={`${url}/alt`} class="media-alt-form">
          <FormField name={`alt_${image.id}`} label={t.altText} value={altValue} error={altError} maxlength={300} />
          <button type="submit" class="btn btn--secondary btn--small">
            {t.saveAlt}
          </button>
        </form>
      </td>
      <td>
        <div class="row-actions">
          <form method="post" action={`${url}/position`} class="inline">
            <input type="hidden" name="direction" value="up" />
            <button type="submit" class="btn btn--secondary btn--small" disabled={p.index === 0} aria-label={`${t.moveUp}: ${t.imageOf(p.index + 1, p.images.length)}`}>
              ↑ {t.moveUp}
            </button>
          </form>
          <form method="post" action={`${url}/position`} class="inline">
            <input type="hidden" name="direction" value="down" />
            <button
              type="submit"
              class="btn btn--secondary btn--small"
              disabled={p.index === p.images.length - 1}
              aria-label={`${t.moveDown}: ${t.imageOf(p.index + 1, p.images.length)}`}
            >
              ↓ {t.moveDown}
            </button>
          </form>
          <form method="post" action={`${url}/delete`} class="inline">
            <button type="submit" class="btn btn--danger btn--small" aria-label={`${t.remove}: ${t.imageOf(p.index + 1, p.images.length)}`}>
              {t.remove}
            </button>
          </form>
        </div>
      </td>
    </tr>
  );
}

function FileField(p: { name: string; label: string; hint: string; accept: string; multiple?: boolean; errors: string[] }) {
  const id = `f-${p.name}`;
  const describedBy = [`${id}-hint`, p.errors.length ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${p.errors.length ? ' field--error' : ''}`} id={`${id}-field`}>
      <label for={id}>{p.label}</label>
      <input id={id} name={p.name} type="file" accept={p.accept} multiple={p.multiple} required aria-invalid={p.errors.length ? 'true' : undefined} aria-describedby={describedBy} />
      <p class="field__hint" id={`${id}-hint`}>
        {p.hint}
      </p>
      {p.errors.length ? (
        <div class="field__error" id={`${id}-error`} role="alert">
          {p.errors.length === 1 ? (
            p.errors[0]
          ) : (
            <ul>
              {p.errors.map((e) => (
                <li>{e}</li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </div>
  );
}

/** Staff page for one product's images and documents (CAT-3): plain forms, Post/Redirect/Get. */
export function StaffMediaPage(p: StaffMediaProps) {
  const { t, product, errors } = p;
  return (
    <div class="stack staff-media" data-testid="staff-media">
      <div class="page-head">
        <div>
          <h1>{t.staffTitle(product.name)}</h1>
          <p class="muted">
            <code>{product.sku}</code> · <a href={`/staff/catalog/products/${product.id}`}>{t.backToCatalog}</a>
          </p>
        </div>
      </div>

      <section class="panel" aria-labelledby="media-images">
        <h2 id="media-images">{t.images}</h2>
        {p.images.length ? (
          <div class="table-wrap">
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t.colPreview}</th>
                  <th scope="col">{t.altText}</th>
                  <th scope="col">{t.colActions}</th>
                </tr>
              </thead>
              <tbody>
                {p.images.map((image, index) => (
                  <ImageRow {...p} image={image} index={index} />
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="empty">{t.noImages}</p>
        )}
        <form method="post" action={`${base(product.id)}/images`} enctype="multipart/form-data" class="media-upload">
          <h3 class="h3">{t.uploadImages}</h3>
          <div class="form-grid">
            <FileField name="images" label={t.imageFiles} hint={t.imagesHint} accept="image/png,image/jpeg,image/webp" multiple errors={errors.images ?? []} />
            <FormField name="alt" label={t.altText} hint={t.altHint} value={p.values.alt} error={errors.alt} maxlength={300} />
          </div>
          <button type="submit" class="btn btn--primary">
            {t.uploadImages}
          </button>
        </form>
      </section>

      <section class="panel" aria-labelledby="media-documents">
        <h2 id="media-documents">{t.documents}</h2>
        {p.documents.length ? (
          <div class="table-wrap">
            <table class="table" data-testid="staff-documents">
              <thead>
                <tr>
                  <th scope="col">{t.documentTitle}</th>
                  <th scope="col">{t.documentKind}</th>
                  <th scope="col" class="num">
                    {t.size}
                  </th>
                  <th scope="col">{t.colActions}</th>
                </tr>
              </thead>
              <tbody>
                {p.documents.map((d) => (
                  <tr>
                    <td>
                      <a href={documentUrl(d)}>{d.title}</a>
                      <div class="muted">{d.original_name}</div>
                    </td>
                    <td>{t[`kind_${d.kind}`]}</td>
                    <td class="num">{formatSize(d.size, p.locale)}</td>
                    <td>
                      <form method="post" action={`${base(product.id)}/documents/${d.id}/delete`} class="inline">
                        <button type="submit" class="btn btn--danger btn--small" aria-label={`${t.remove}: ${d.title}`}>
                          {t.remove}
                        </button>
                      </form>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="empty">{t.noDocuments}</p>
        )}
        <form method="post" action={`${base(product.id)}/documents`} enctype="multipart/form-data" class="media-upload">
          <h3 class="h3">{t.uploadDocument}</h3>
          <div class="form-grid">
            <FileField name="document_file" label={t.documentFile} hint={t.documentsHint} accept="application/pdf" errors={errors.document_file ? [errors.document_file] : []} />
            <SelectField
              name="document_kind"
              label={t.documentKind}
              value={p.values.document_kind ?? 'manual'}
              error={errors.document_kind}
              options={DOCUMENT_KINDS.map((k) => ({ value: k, label: t[`kind_${k}`] }))}
            />
            <FormField name="document_title" label={t.documentTitle} hint={t.documentTitleHint} value={p.values.document_title} error={errors.document_title} maxlength={200} />
          </div>
          <button type="submit" class="btn btn--primary">
            {t.uploadDocument}
          </button>
        </form>
      </section>
    </div>
  );
}
