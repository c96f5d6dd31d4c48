import type { Compression } from './api';

/** How the zip stores the ISOs: deflated (about a third of the size) or as they are (faster). */
export function CompressionField({ name, value, onChange }: { name: string; value: Compression; onChange(value: Compression): void }) {
  return (
    <fieldset className="field radio-group">
      <legend>Zip compression</legend>
      <div className="radio-group__options">
        <label>
          <input type="radio" name={name} value="deflate" checked={value === 'deflate'} onChange={() => onChange('deflate')} />
          Compressed (smaller zip)
        </label>
        <label>
          <input type="radio" name={name} value="none" checked={value === 'none'} onChange={() => onChange('none')} />
          Stored (faster, about three times larger)
        </label>
      </div>
    </fieldset>
  );
}
