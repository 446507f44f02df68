//! Ledger entries to and from Parquet: the columns, and a frame's rows checked as
//! they are read back.

use super::*;

pub(super) const COLUMNS: [&str; 9] = [
    "key",
    "at",
    "time_known",
    "merchant",
    "item",
    "amount",
    "status",
    "approval_no",
    "pay_kind",
];

pub(super) fn to_frame(e: &[Entry]) -> PolarsResult<DataFrame> {
    let col_str = |name: &str, f: &dyn Fn(&Entry) -> Option<&str>| -> Column {
        Series::new(name.into(), e.iter().map(f).collect::<Vec<_>>()).into()
    };
    let at: Vec<i64> = e
        .iter()
        .map(|x| x.tx.at().and_utc().timestamp_millis())
        .collect();
    let at =
        Series::new("at".into(), at).cast(&DataType::Datetime(TimeUnit::Milliseconds, None))?;
    DataFrame::new_infer_height(vec![
        Series::new(
            "key".into(),
            e.iter().map(|x| x.key().to_string()).collect::<Vec<_>>(),
        )
        .into(),
        at.into(),
        Series::new(
            "time_known".into(),
            e.iter().map(|x| x.tx.time_known()).collect::<Vec<_>>(),
        )
        .into(),
        col_str("merchant", &|x| Some(&x.tx.merchant)),
        col_str("item", &|x| x.tx.item.as_deref()),
        Series::new(
            "amount".into(),
            e.iter().map(|x| x.tx.amount.0).collect::<Vec<_>>(),
        )
        .into(),
        col_str("status", &|x| Some(x.tx.status().id())),
        col_str("approval_no", &|x| x.tx.approval_no.as_deref()),
        col_str("pay_kind", &|x| x.tx.pay_kind()),
        Series::new(
            "content".into(),
            e.iter().map(|x| x.tx.content()).collect::<Vec<_>>(),
        )
        .into(),
        col_str("line", &|x| x.tx.line()),
    ])
}

pub(super) fn from_frame(df: &DataFrame) -> Result<Vec<Entry>> {
    for c in COLUMNS {
        if df.column(c).is_err() {
            bail!("not a soaek ledger: column {c:?} is missing");
        }
    }
    let s = |name: &str| -> Result<&StringChunked> { Ok(df.column(name)?.str()?) };
    let (key, merchant, item, status, approval, kind) = (
        s("key")?,
        s("merchant")?,
        s("item")?,
        s("status")?,
        s("approval_no")?,
        s("pay_kind")?,
    );
    let at = df.column("at")?.datetime()?;
    let unit = at.time_unit();
    let at = at.physical();
    let time_known = df.column("time_known")?.bool()?;
    // Which cap the statement named; absent in month files written before it was kept.
    let content = df
        .column("content")
        .ok()
        .and_then(|c| c.bool().ok().cloned());
    // The phone line (docs/RULES.md rule 12); absent in files written before lines.
    let line = df.column("line").ok().and_then(|c| c.str().ok().cloned());
    let amount = df.column("amount")?.i64()?;
    // Merchant, item and billing repeat: rows share one copy of each.
    let (mut texts, mut billings) = (Texts::default(), Billings::default());
    let mut shared = |t: &str| texts.get(t);
    let mut out = Vec::with_capacity(df.height());
    for i in 0..df.height() {
        let millis = match (at.get(i), unit) {
            (Some(v), TimeUnit::Milliseconds) => v,
            (Some(v), TimeUnit::Microseconds) => v / 1_000,
            (Some(v), TimeUnit::Nanoseconds) => v / 1_000_000,
            (None, _) => bail!("ledger row {} has no time", i + 1),
        };
        let at = DateTime::from_timestamp_millis(millis)
            .with_context(|| format!("ledger row {} has a time out of range", i + 1))?
            .naive_utc();
        let status = status
            .get(i)
            .and_then(Status::from_id)
            .with_context(|| format!("ledger row {} has no valid status", i + 1))?;
        let repeat = key
            .get(i)
            .and_then(Key::repeat_in)
            .with_context(|| format!("ledger row {} has no valid key", i + 1))?;
        out.push(Entry {
            tx: Transaction {
                stamp: Stamp::new(at, time_known.get(i).unwrap_or(true), status),
                merchant: shared(merchant.get(i).unwrap_or_default()),
                item: item.get(i).map(&mut shared),
                amount: Won(amount
                    .get(i)
                    .with_context(|| format!("ledger row {} has no amount", i + 1))?),
                approval_no: approval.get(i).map(CompactString::from),
                billing: billings.get(Billing {
                    pay_kind: kind.get(i).map(&mut shared),
                    content: content.as_ref().and_then(|c| c.get(i)),
                    line: line.as_ref().and_then(|c| c.get(i)).map(&mut shared),
                }),
                source_row: 0,
                repeat,
            },
        });
    }
    Ok(out)
}

pub(super) fn read_parquet(file: &Path) -> Result<Vec<Entry>> {
    let bytes = read_bytes(file)?;
    from_parquet(&bytes).map_err(|e| LedgerError::new(file, Damage::Unreadable(reason(&e))).into())
}

/// The entries as Parquet bytes (the store's own schema).
pub fn to_parquet(entries: &[Entry]) -> Result<Vec<u8>> {
    let mut df = to_frame(entries)?;
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes)
        .finish(&mut df)
        .context("cannot write the ledger")?;
    Ok(bytes)
}

/// The entries of Parquet bytes in the store's schema.
pub(super) fn from_parquet(bytes: &[u8]) -> Result<Vec<Entry>> {
    let df = ParquetReader::new(Cursor::new(bytes)).finish()?;
    from_frame(&df)
}
