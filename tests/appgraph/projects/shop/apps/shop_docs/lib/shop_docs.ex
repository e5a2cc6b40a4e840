defmodule ShopDocs do
  @moduledoc false
end
